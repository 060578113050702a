namespace ActionsDashboard.AppHost;

/// <summary>Where the GitHub-facing services find GitHub: the configured App (or, in a manifest, parameters
/// azd asks for), or in demo mode the simulator, started as one more resource.</summary>
internal sealed class GitHubConnection
{
    private readonly Action<EnvironmentCallbackContext> _apply;

    private GitHubConnection(Action<EnvironmentCallbackContext> apply, IResourceBuilder<ProjectResource>? simulator)
    {
        _apply = apply;
        Simulator = simulator;
    }

    public IResourceBuilder<ProjectResource>? Simulator { get; }

    public void ApplySettings(EnvironmentCallbackContext context) => _apply(context);

    /// <summary>Only GitHub's base URLs (the gateway's Content-Security-Policy allows their origins).</summary>
    public void ApplyPublicSettings(EnvironmentCallbackContext context)
    {
        var all = new EnvironmentCallbackContext(context.ExecutionContext, context.Resource, new Dictionary<string, object>(), context.CancellationToken);
        _apply(all);
        foreach (var key in new[] { "GitHub__ApiBaseUrl", "GitHub__WebBaseUrl" })
        {
            if (all.EnvironmentVariables.TryGetValue(key, out var value))
            {
                context.EnvironmentVariables[key] = value;
            }
        }
    }

    public static GitHubConnection Create(IDistributedApplicationBuilder builder, AppSecrets secrets)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var parameters = AppModel.GitHubSettings.ToDictionary(
                s => s.Key,
                s => builder.AddParameter($"github-{s.Key.ToLowerInvariant()}", s.Secret).Resource);
            return new GitHubConnection(
                context =>
                {
                    foreach (var (key, parameter) in parameters)
                    {
                        context.EnvironmentVariables[$"GitHub__{key}"] = parameter;
                    }
                },
                simulator: null);
        }

        if (!AppModel.IsDemoMode(builder))
        {
            return new GitHubConnection(
                context =>
                {
                    foreach (var (key, _) in AppModel.GitHubSettings)
                    {
                        if (builder.Configuration[$"GitHub:{key}"] is { Length: > 0 } value)
                        {
                            context.EnvironmentVariables[$"GitHub__{key}"] = value;
                        }
                    }
                },
                simulator: null);
        }

        // A webhook secret given to ./run.sh (GitHub__WebhookSecret) is used by both sides, so tools outside the
        // app can sign deliveries too; otherwise one is generated and kept.
        var webhookSecret = builder.Configuration["GitHub:WebhookSecret"] is { Length: > 0 } given
            ? builder.AddParameter("github-webhook-secret", given, secret: true)
            : secrets.Password("github-webhook-secret");
        var clientSecret = secrets.Password("github-simulator-client-secret");

        var simulator = builder.AddService<Projects.GitHub_Simulator>("github-simulator");
        var url = simulator.GetEndpoint("http");
        simulator
            .WithEnvironment("Simulator__PublicUrl", url)
            .WithEnvironment("Simulator__ClientId", AppModel.DemoClientId)
            .WithEnvironment("Simulator__ClientSecret", clientSecret)
            .WithEnvironment("Simulator__WebhookSecret", webhookSecret)
            .WithEnvironment("Simulator__App__Id", AppModel.DemoAppId)
            .WithEnvironment("Simulator__Scenario__Enabled", builder.Configuration["AppHost:DemoScenario"] ?? "true")
            // Days of history (failures, flaky re-runs, slow runner queues) so every view has something on first start; it
            // reaches the read model through the backfill (runs) and, replayed as webhooks once the gateway answers, jobs too.
            .WithEnvironment("Simulator__World__HistoryDays", builder.Configuration["AppHost:DemoHistoryDays"] ?? "5")
            .WithEnvironment("Simulator__Scenario__ReplayHistory", "true");

        return new GitHubConnection(
            context =>
            {
                context.EnvironmentVariables["GitHub__ApiBaseUrl"] = url;
                context.EnvironmentVariables["GitHub__WebBaseUrl"] = url;
                context.EnvironmentVariables["GitHub__AppId"] = AppModel.DemoAppId;
                context.EnvironmentVariables["GitHub__ClientId"] = AppModel.DemoClientId;
                context.EnvironmentVariables["GitHub__ClientSecret"] = clientSecret.Resource;
                context.EnvironmentVariables["GitHub__WebhookSecret"] = webhookSecret.Resource;
            },
            simulator);
    }
}
