namespace ActionsDashboard.GitHub.Models;

/// <summary>
/// An annotation of a check run (<c>GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations</c>); a workflow job's
/// check run has the job's id. Levels: <c>notice</c>, <c>warning</c>, <c>failure</c>.
/// </summary>
public sealed record CheckAnnotation
{
    public string Path { get; init; } = "";
    public int StartLine { get; init; }
    public int EndLine { get; init; }
    public int? StartColumn { get; init; }
    public int? EndColumn { get; init; }
    public string? AnnotationLevel { get; init; }
    public string? Title { get; init; }
    public string? Message { get; init; }
    public string? RawDetails { get; init; }
    public string? BlobHref { get; init; }
}
