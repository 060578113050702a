using System.Net;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.GitHub.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub;

public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitHubOptions"/> (bound from <paramref name="configuration"/>'s <c>GitHub</c> section and
    /// validated at start-up), the typed <see cref="GitHubRestClient"/> and <see cref="GitHubOAuthClient"/>,
    /// <see cref="GitHubAppJwtFactory"/>, <see cref="GitHubAppInstallationTokenCache"/> and <see cref="GitHubWebhookVerifier"/>.
    /// </summary>
    public static IServiceCollection AddGitHubClient(this IServiceCollection services, IConfiguration configuration,
        string sectionName = GitHubOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GitHubOptions>()
            .Bind(configuration.GetSection(sectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The client follows redirects itself, only within the API base, so the Authorization header survives
        // a renamed repository's redirect and is never sent anywhere else.
        services.AddHttpClient<GitHubRestClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
            });
        // The token endpoint must not be followed anywhere with a client secret in the body.
        services.AddHttpClient<GitHubOAuthClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        services.TryAddSingleton<GitHubAppJwtFactory>(sp =>
            new GitHubAppJwtFactory(sp.GetRequiredService<IOptions<GitHubOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<GitHubAppInstallationTokenCache>(sp =>
            new GitHubAppInstallationTokenCache(sp.GetRequiredService<GitHubRestClient>, sp.GetRequiredService<GitHubAppJwtFactory>(),
                sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<GitHubWebhookVerifier>();
        return services;
    }

    /// <summary><see cref="AddGitHubClient(IServiceCollection, IConfiguration, string)"/> with the builder's configuration.</summary>
    public static TBuilder AddGitHubClient<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGitHubClient(builder.Configuration);
        return builder;
    }
}
