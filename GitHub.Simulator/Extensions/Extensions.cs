using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // The app's own setting is the fallback, so one secret configures both ends in the demo.
                if (string.IsNullOrEmpty(options.WebhookSecret))
                {
                    options.WebhookSecret = configuration["GitHub:WebhookSecret"];
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // The world, and what happens in it.
        services.AddSingleton<World>(WorldLoader.Load);
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<TeamDirectory>();
        services.AddSingleton<ScenarioEngine>();
        services.AddHostedService(provider => provider.GetRequiredService<ScenarioEngine>());

        // GitHub's edges: tokens, rate limits, the request log, webhook deliveries.
        services.AddSingleton<SimulatorUrls>();
        services.AddSingleton<JobLogUrls>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<AppJwtValidator>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        services.AddHostedService<HistoryReplay>();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);

        // The control API speaks snake_case like the rest of GitHub.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
    }
}
