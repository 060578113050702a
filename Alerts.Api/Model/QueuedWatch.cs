namespace Alerts.Api.Model;

/// <summary>A run (<see cref="JobId"/> 0) or job waiting to start; removed when it starts, completes or is a day old.</summary>
public sealed class QueuedWatch
{
    public long RunId { get; set; }

    public int RunAttempt { get; set; }

    public long JobId { get; set; }

    public long RepositoryId { get; set; }

    public string Repository { get; set; } = "";

    public string? WorkflowName { get; set; }

    public string? WorkflowPath { get; set; }

    public string Name { get; set; } = "";

    public string? Branch { get; set; }

    public long? RunNumber { get; set; }

    public string? HtmlUrl { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
}
