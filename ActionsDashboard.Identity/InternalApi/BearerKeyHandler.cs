using System.Net.Http.Headers;

namespace ActionsDashboard.Identity.InternalApi;

/// <summary>
/// Sends one service key as <c>Authorization: Bearer &lt;key&gt;</c> on every request of a client, read per request so
/// a rotated key applies at once: one handler per credential (eShop's <c>AddAuthToken()</c>), so no call site builds
/// the header itself. The callee checks it with <see cref="InternalApiKey.RequireBearerKey{TBuilder}"/>.
/// </summary>
public sealed class BearerKeyHandler(Func<string?> key, string settingName) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var value = key();
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"{settingName} is not set: this service cannot call {request.RequestUri?.Host} without it.");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return base.SendAsync(request, cancellationToken);
    }
}
