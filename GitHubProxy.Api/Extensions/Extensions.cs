using ActionsDashboard.EntityFrameworkCore;
using ActionsDashboard.GitHub;
using ActionsDashboard.Identity.InternalApi;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Infrastructure;
using GitHubProxy.Api.IntegrationEvents;
using GitHubProxy.Api.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Http.Resilience;
using Npgsql;

namespace GitHubProxy.Api.Extensions;

internal static class Extensions
{
    /// <summary>The name of the GitHub client's resilience options (<c>{client}-standard</c>), for tests that tune them.</summary>
    public const string GitHubResilienceOptionsName = nameof(ActionsDashboard.GitHub.Rest.GitHubRestClient) + "-standard";

    internal static void ConfigureGitHubResilience(HttpStandardResilienceOptions resilience)
    {
        Microsoft.Extensions.Hosting.Extensions.ConfigureStandardResilience(resilience);
        resilience.Retry.MaxRetryAttempts = 1;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
        resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        var transient = resilience.Retry.ShouldHandle;
        resilience.Retry.ShouldHandle = args =>
            args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests ? ValueTask.FromResult(false) : transient(args);
    }

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddInternalIdentity();
        builder.AddInternalApiKey();
        builder.Services.AddOptions<AccessListOptions>()
            .BindConfiguration(AccessListOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey) && o.ApiKey.Length >= 32,
                "AccessList:ApiKey is missing or shorter than 32 characters: set it (environment AccessList__ApiKey) to the key Realtime.Hub sends.")
            .ValidateOnStart();
        builder.Services.AddOptions<GitHubProxyOptions>()
            .BindConfiguration(GitHubProxyOptions.SectionName)
            .Validate(o => o.JobLogMaxBytes is >= 1024 and <= 64 * 1024 * 1024 && o.JobLogTailLines is >= 1 and <= 1000 && o.JobLogCacheTime > TimeSpan.Zero,
                "GitHubProxy: JobLogMaxBytes must be 1 KiB-64 MiB, JobLogTailLines 1-1000 and JobLogCacheTime positive.")
            .Validate(o => o.LowBudgetThreshold >= 0 && o.BackfillRuns is >= 1 and <= 100 && o.Retention > TimeSpan.Zero
                    && o.PruneInterval > TimeSpan.Zero && o.ReconcileBatchSize >= 0 && o.AccessListMaxAge > TimeSpan.Zero
                    && o.DashboardRunsPerRepository >= 1,
                "GitHubProxy: LowBudgetThreshold must be ≥ 0, BackfillRuns 1-100, Retention, PruneInterval and AccessListMaxAge positive, ReconcileBatchSize ≥ 0, DashboardRunsPerRepository ≥ 1.")
            .ValidateOnStart();

        // dashboarddb: settings and the read model; migrated before the server listens and before the consumer starts.
        builder.AddNpgsqlDataSource("dashboarddb");
        builder.Services.NameHealthCheckAfterConnection("PostgreSql", "dashboarddb");
        builder.Services.AddPooledDbContextFactory<DashboardDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.EnrichNpgsqlDbContext<DashboardDbContext>(ClientIntegrationSettings.DbContext);
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());
        builder.AddDatabaseMigrations<DashboardDbContext>("dashboarddb");

        builder.AddRedisClient("redis");
        builder.Services.NameHealthCheckAfterConnection("StackExchange.Redis", "redis");
        builder.AddGitHubClient();
        // The cache answers with the last good data when GitHub fails, so waiting through long back-offs only delays
        // that answer: one quick retry for a blip, short timeouts, and the circuit breaker for an outage. The client's
        // own handler replaces the default one and keeps its rules: re-runs and cancels (POST) are never retried, and
        // a 429 goes straight back, since GitHub's rate limits are honoured by RateLimitBudget, not by a blind retry.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, and the documented way to replace the default.
        builder.Services.AddHttpClient<ActionsDashboard.GitHub.Rest.GitHubRestClient>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(ConfigureGitHubResilience);
#pragma warning restore EXTEXP0001
        // Job logs come from a pre-signed URL on another host: no credential handler, no redirect followed, so the user's
        // GitHub token can never reach it (docs: "Download job logs for a workflow run").
        builder.Services.AddHttpClient(GitHubData.JobLogsHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddHttpClient(GitHubUserTokens.HttpClientName, http => http.BaseAddress = new Uri("http://auth-api"))
            .AddInternalApiKeyHandler();

        builder.Services.AddSingleton<GitHubUserTokens>();
        builder.Services.AddSingleton<RateLimitBudget>();
        builder.Services.AddSingleton<GitHubResponseCache>();
        builder.Services.AddSingleton<GitHubData>();
        builder.Services.AddSingleton<JobFailureReader>();
        builder.Services.AddSingleton<AccessLists>();
        builder.Services.AddSingleton<UserTeams>();
        builder.Services.AddSingleton<ReadModelStore>();
        builder.Services.AddSingleton<InsightsStore>();
        builder.Services.AddSingleton<DashboardVersions>();
        builder.Services.AddSingleton<DashboardMemo>();
        builder.Services.AddSingleton<RunnerQueueStore>();
        builder.Services.AddSingleton<InsightsCache>();
        builder.Services.AddSingleton<SettingsStore>();
        builder.Services.AddSingleton<DashboardBuilder>();
        builder.Services.AddSingleton<Backfill>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Backfill>());
        builder.Services.AddHostedService<ReadModelPruner>();
        builder.Services.AddSingleton<StuckRunReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StuckRunReconciler>());

        builder.AddRabbitMQEventBus("eventbus")
            .AddSubscription<WorkflowRunChanged, WorkflowRunChangedHandler>()
            .AddSubscription<WorkflowJobChanged, WorkflowJobChangedHandler>()
            .AddSubscription<InstallationChanged, InstallationChangedHandler>();

        // Reads keep working from Redis and GitHub while the broker is down (the read model only falls behind), so a
        // broker outage degrades this service rather than making it unready.
        builder.Services.DegradeHealthChecksOnFailure("eventbus");

        builder.Services.AddExceptionHandler<GitHubExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => ContractJson.Configure(json.SerializerOptions));
        builder.Services.AddOpenApi(openApi => openApi.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
    }
}
