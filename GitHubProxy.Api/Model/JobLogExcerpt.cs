namespace GitHubProxy.Api.Model;

/// <summary>
/// The end of one step's part of a job log, as cached (never the whole log, never in PostgreSQL).
/// <paramref name="Truncated"/>: lines were left out before <paramref name="Lines"/> (the step had more, or only the log's last
/// bytes were read). <paramref name="Available"/>: false when GitHub no longer has the log (deleted, or past its retention).
/// </summary>
public sealed record JobLogExcerpt(IReadOnlyList<LogLine> Lines, bool Truncated, bool Available)
{
    public static readonly JobLogExcerpt None = new([], false, true);
}
