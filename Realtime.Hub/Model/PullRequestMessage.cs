namespace Realtime.Hub.Model;

public sealed record PullRequestMessage(
    string EventId, string Repository, long Number, string Action, string Title, string State, string? HeadRef, string? Author, string? HtmlUrl);
