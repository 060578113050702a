using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.Identity.InternalApi;

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
