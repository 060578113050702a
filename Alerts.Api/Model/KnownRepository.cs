namespace Alerts.Api.Model;

/// <summary>A repository's default branch, as the last run event said (job events do not carry it).</summary>
public sealed class KnownRepository
{
    public long Id { get; set; }

    public string FullName { get; set; } = "";

    public string DefaultBranch { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
