namespace GitHubProxy.Api.Model;

// The JSON shapes of docs/contracts.md. Everything is camelCase; absent values are written as null. Run, Job, Step and
// Actor are ActionsDashboard.Contracts', shared with Realtime.Hub's live messages.

/// <summary><c>Run &amp; { stale, fetchedAt }</c>.</summary>
public sealed record RunResponse : Run
{
    public RunResponse(Run run, bool stale, DateTimeOffset fetchedAt) : base(run)
    {
        Stale = stale;
        FetchedAt = fetchedAt;
    }

    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}
