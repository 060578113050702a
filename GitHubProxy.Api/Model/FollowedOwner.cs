namespace GitHubProxy.Api.Model;

/// <summary>
/// An organisation or account whose every repository the user can reach is on the dashboard, less <see cref="Exclude"/>
/// (repository names, without the owner); new ones appear by themselves when the access list is refreshed.
/// <see cref="Category"/> groups them like a selected repository's.
/// </summary>
public sealed record FollowedOwner(string? Owner, IReadOnlyList<string>? Exclude, string? Category = null);
