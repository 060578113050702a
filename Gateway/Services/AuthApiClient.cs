using System.Net;
using ActionsDashboard.Identity.Sessions;

namespace Gateway.Services;

/// <summary>Auth.Api's internal session route, through service discovery; the client's handler adds the shared service key.</summary>
public sealed class AuthApiClient(HttpClient http)
{
    /// <summary>The live session behind a cookie value; null when Auth.Api knows no such session.</summary>
    /// <exception cref="SessionServiceUnavailableException">Auth.Api could not answer.</exception>
    public async Task<SessionResolution?> ResolveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/sessions/resolve")
        {
            Content = JsonContent.Create(new ResolveSessionRequest(sessionId)),
        };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SessionServiceUnavailableException($"Auth.Api answered HTTP {(int)response.StatusCode} to a session lookup.");
            }

            return await response.Content.ReadFromJsonAsync<SessionResolution>(cancellationToken)
                ?? throw new SessionServiceUnavailableException("Auth.Api answered a session lookup with an empty body.");
        }
        catch (Exception exception) when (exception is not SessionServiceUnavailableException
            && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new SessionServiceUnavailableException("Auth.Api could not be reached for a session lookup.", exception);
        }
    }
}
