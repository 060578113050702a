using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

public static class BearerKeyHttpClientBuilderExtensions
{
    /// <summary>Every request of this client carries the key <paramref name="key"/> returns (setting <paramref name="settingName"/>).</summary>
    public static IHttpClientBuilder AddBearerKeyHandler(this IHttpClientBuilder builder, string settingName, Func<IServiceProvider, string?> key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(key);
        return builder.AddHttpMessageHandler(services => new BearerKeyHandler(() => key(services), settingName));
    }

    /// <summary>Every request of this client carries <c>Internal:ApiKey</c>, the key of Auth.Api's and Webhooks.Api's internal routes.</summary>
    public static IHttpClientBuilder AddInternalApiKeyHandler(this IHttpClientBuilder builder) =>
        builder.AddBearerKeyHandler("Internal:ApiKey",
            services => services.GetRequiredService<IOptionsMonitor<InternalApiOptions>>().CurrentValue.ApiKey);
}
