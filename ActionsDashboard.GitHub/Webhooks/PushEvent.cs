using System.Text.Json.Serialization;
using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>push</c>: a branch or tag was pushed, created or deleted.</summary>
public sealed class PushEvent : WebhookEvent
{
    private const string BranchPrefix = "refs/heads/";
    private const string TagPrefix = "refs/tags/";

    public override string EventName => WebhookEventNames.Push;

    public string Ref { get; init; } = "";
    public string Before { get; init; } = "";
    public string After { get; init; } = "";
    public bool Created { get; init; }
    public bool Deleted { get; init; }
    public bool Forced { get; init; }
    public string? BaseRef { get; init; }
    public string? Compare { get; init; }
    public IReadOnlyList<PushCommit> Commits { get; init; } = [];
    /// <summary>Null when the push deleted the ref.</summary>
    public PushCommit? HeadCommit { get; init; }
    public CommitPerson? Pusher { get; init; }

    [JsonIgnore]
    public bool IsTag => Ref.StartsWith(TagPrefix, StringComparison.Ordinal);

    [JsonIgnore]
    public bool IsBranch => Ref.StartsWith(BranchPrefix, StringComparison.Ordinal);

    [JsonIgnore]
    public string? TagName => IsTag ? Ref[TagPrefix.Length..] : null;

    [JsonIgnore]
    public string? BranchName => IsBranch ? Ref[BranchPrefix.Length..] : null;

    [JsonIgnore]
    public bool IsBranchCreation => IsBranch && Created;

    [JsonIgnore]
    public bool IsBranchDeletion => IsBranch && Deleted;

    [JsonIgnore]
    public bool IsTagCreation => IsTag && Created;

    [JsonIgnore]
    public bool IsTagDeletion => IsTag && Deleted;
}
