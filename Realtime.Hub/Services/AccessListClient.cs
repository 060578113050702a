using System.Globalization;
using System.Net;

namespace Realtime.Hub.Services;

/// <summary>
/// The user's repository access list from GitHubProxy.Api (<c>GET /internal/users/{userId}/access</c>). A 404 means
/// nothing is known about the user yet: nothing is allowed. Other failures throw; callers refuse new subscriptions
/// and keep existing ones until the next successful check.
/// </summary>
public sealed class AccessListClient(IHttpClientFactory httpClients)
{
    /// <summary>
    /// The named client (BaseAddress <c>GitHubProxy:BaseUrl</c>, <c>http://githubproxy-api</c>; its handler adds
    /// <c>GitHubProxy:AccessListApiKey</c>): ServiceDefaults' resilience and service discovery apply to it.
    /// </summary>
    public const string HttpClientName = "githubproxy-api";

    public async Task<AccessList> GetAsync(long userId, CancellationToken cancellationToken)
    {
        // A client per call from the factory (this service is a singleton): handlers rotate as the factory intends.
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/users/{userId.ToString(CultureInfo.InvariantCulture)}/access");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return AccessList.Nothing(userId);
        }

        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<AccessList>(LiveEventDispatcher.JsonOptions, cancellationToken)
            ?? throw new HttpRequestException("GitHubProxy.Api answered an empty access list.");
        // Never trust a list for another user, whatever the reason.
        return list.UserId == userId ? list : AccessList.Nothing(userId);
    }
}
