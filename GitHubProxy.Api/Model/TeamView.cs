namespace GitHubProxy.Api.Model;

/// <summary>A GitHub team the user belongs to: <paramref name="Team"/> is <c>organization/slug</c> (lower case), how alert
/// rules name it.</summary>
public sealed record TeamView(string Team, string Organization, string Slug, string Name);
