using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>
/// The teams a user belongs to: GitHub's <c>GET /user/teams</c> with that user's own token, every page, cached
/// <see cref="Freshness"/> per user in <see cref="GitHubResponseCache"/> and never used for a decision once older than
/// <see cref="GitHubProxyOptions.AccessListMaxAge"/>; never served stale past its freshness (it grants rights). A GitHub App whose user tokens lack the organisation permission
/// "Members: read" gets a 403 from GitHub: that is answered as no teams, not an error.
/// </summary>
public sealed class UserTeams(GitHubData gitHub, GitHubRestClient client, GitHubResponseCache cache)
{
    public const string Resource = "teams";

    /// <summary>Brief: someone who leaves a team stops counting as a member within a minute of their next visit.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    public Task<Cached<TeamView[]>> GetAsync(CurrentUser user, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, Resource, Freshness, async (_, ct) =>
        {
            var token = (await gitHub.RequestAsync(user, null, ct)).Token;
            var all = new List<TeamView>();
            RateLimit? rateLimit = null;
            for (var page = 1; ; page++)
            {
                var response = await client.ListTeamsForAuthenticatedUserAsync(new PageRequest { PerPage = PageRequest.MaxPerPage, Page = page },
                    new GitHubRequestOptions { Token = token }, ct);
                rateLimit = response.RateLimit ?? rateLimit;
                if (response.StatusCode == System.Net.HttpStatusCode.Forbidden)
                {
                    break;
                }

                var items = response.GetValueOrThrow();
                all.AddRange(items.Items.Where(t => t.Organization is { Login.Length: > 0 } && t.Slug.Length > 0)
                    .Select(t => new TeamView($"{t.Organization!.Login}/{t.Slug}".ToLowerInvariant(), t.Organization.Login, t.Slug, t.Name)));
                if (!items.HasNextPage || items.Items.Count == 0)
                {
                    break;
                }
            }

            var teams = all.DistinctBy(t => t.Team).OrderBy(t => t.Team, StringComparer.Ordinal).ToArray();
            return new Fetched<TeamView[]>(teams, null, rateLimit, NotModified: false);
        }, cancellationToken, staleWhileRevalidate: false, maxAge: gitHub.AccessListMaxAge);

    /// <summary>The last known list, without asking GitHub (for the internal route), or null when nothing is known.</summary>
    public Task<CacheEntry<TeamView[]>?> GetLastKnownAsync(long userId) =>
        cache.ReadAsync<TeamView[]>(GitHubResponseCache.Key(userId, Resource));
}
