namespace GitHub.Simulator.Model;

/// <summary>A check run annotation (<c>GET .../check-runs/{check_run_id}/annotations</c>); levels: notice, warning, failure.</summary>
public sealed record JobAnnotation(
    string Path, int StartLine, int EndLine, int? StartColumn, int? EndColumn, string Level, string Title, string Message, string? RawDetails);
