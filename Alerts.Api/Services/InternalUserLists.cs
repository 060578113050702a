using System.Globalization;
using System.Net;

namespace Alerts.Api.Services;

/// <summary>
/// One of GitHubProxy.Api's per-user lists, <c>/internal/users/{id}/{list}</c> (<c>access</c>, <c>teams</c>), through the
/// <see cref="AccessLists.HttpClientName"/> client that carries the access-list key. A 404 (nothing known about the user)
/// and a list for another user are the empty list; any other failure throws, so the caller's event is redelivered
/// later rather than decided on a guess.
/// </summary>
internal static class InternalUserLists
{
    public static async Task<T> FetchAsync<T>(IHttpClientFactory httpClients, long userId, string list, Func<T, long> userIdOf, Func<long, T> nothing,
        CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(AccessLists.HttpClientName);
        using var response = await http.GetAsync($"/internal/users/{userId.ToString(CultureInfo.InvariantCulture)}/{list}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return nothing(userId);
        }

        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new HttpRequestException($"GitHubProxy.Api answered an empty {list} list.");
        return userIdOf(answer) == userId ? answer : nothing(userId);
    }
}
