using System.Reflection;
using ActionsDashboard.Hosting;
using ActionsDashboard.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ActionsDashboard.AppHost;

/// <summary>The application model: every server and service, what each references and waits for.</summary>
public static class AppModel
{
    /// <summary>Settings under <c>GitHub:</c> that every GitHub-facing service receives as <c>GitHub__*</c>.
    /// The secret ones become secret parameters in a deployment manifest.</summary>
    public static readonly (string Key, bool Secret)[] GitHubSettings =
    [
        ("ApiBaseUrl", false),
        ("WebBaseUrl", false),
        ("AppId", false),
        ("ClientId", false),
        ("ClientSecret", true),
        ("PrivateKey", true),
        ("WebhookSecret", true),
    ];

    /// <summary>The OAuth client id the simulator accepts in demo mode (not a secret: GitHub's are public too).</summary>
    public const string DemoClientId = "Iv1.actionsdashboard-demo";

    /// <summary>The GitHub App id the simulator expects in app JWTs (its default).</summary>
    public const string DemoAppId = "12345";

    /// <summary>The AppHost project's folder, recorded at build time; project paths are relative to it.</summary>
    public static string AppHostDirectory =>
        typeof(AppModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostProjectDirectory").Value!;

    /// <summary>Demo mode: run here with no GitHub App configured, so the simulator plays GitHub.</summary>
    public static bool IsDemoMode(IDistributedApplicationBuilder builder) =>
        builder.Mode == ExecutionMode.Run && string.IsNullOrWhiteSpace(builder.Configuration["GitHub:ClientId"]);

    /// <summary>The model built outside the AppHost's own process (tests, benchmarks): the same resources,
    /// with <paramref name="settings"/> applied last (ports, data folder).</summary>
    public static DistributedApplication CreateApplication(IDictionary<string, string?>? settings = null, params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AppHostDirectory = AppHostDirectory,
            Settings = settings,
        });
        return builder.AddActionsDashboard().Build();
    }

    public static IDistributedApplicationBuilder AddActionsDashboard(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var authdb = postgres.AddDatabase("authdb");
        var dashboarddb = postgres.AddDatabase("dashboarddb");
        var webhooksdb = postgres.AddDatabase("webhooksdb");
        var redis = builder.AddRedis("redis");
        var eventbus = builder.AddRabbitMQ("eventbus");

        var github = GitHubConnection.Create(builder);

        // Keys between services (ARCHITECTURE.md, "Identity between services"): the gateway signs a short-lived
        // identity token with identity-signing-key and every service checks it; internal-api-key guards
        // Auth.Api's internal routes (session resolution, GitHub tokens); auth-token-key encrypts GitHub tokens
        // at rest. Generated once and kept, so sessions survive a restart; a deployment asks for them.
        var identitySigningKey = builder.AddGeneratedKey("identity-signing-key");
        var internalApiKey = builder.AddGeneratedParameter("internal-api-key", minLength: 40);
        var authTokenKey = builder.AddGeneratedKey("auth-token-key");
        // Each service's internal routes have their own key: knowing one grants nothing elsewhere.
        var webhooksInternalApiKey = builder.AddGeneratedParameter("webhooks-internal-api-key", minLength: 40);
        // Realtime.Hub reads users' repository access lists from GitHubProxy.Api with this one.
        var accessListApiKey = builder.AddGeneratedParameter("access-list-api-key", minLength: 40);

        var authApi = builder.AddProject("auth-api", "../Auth.Api/Auth.Api.csproj")
            .WithReference(authdb).WaitFor(authdb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(eventbus).WaitFor(eventbus)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Identity__SigningKey", identitySigningKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey)
            .WithEnvironment("Auth__TokenKeys__apphost", authTokenKey)
            .WithEnvironment("Auth__ActiveTokenKey", "apphost");

        var githubProxyApi = builder.AddProject("githubproxy-api", "../GitHubProxy.Api/GitHubProxy.Api.csproj")
            .WithReference(dashboarddb).WaitFor(dashboarddb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(eventbus).WaitFor(eventbus)
            .WithReference(authApi)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Identity__SigningKey", identitySigningKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey)
            .WithEnvironment("AccessList__ApiKey", accessListApiKey)
            // One durable queue shared by every replica: each event updates the read model once.
            .WithEnvironment("EventBus__QueueName", "githubproxy-api");

        var webhooksApi = builder.AddProject("webhooks-api", "../Webhooks.Api/Webhooks.Api.csproj")
            .WithReference(webhooksdb).WaitFor(webhooksdb)
            .WithReference(eventbus).WaitFor(eventbus)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Internal__ApiKey", webhooksInternalApiKey);

        var realtimeHub = builder.AddProject("realtime-hub", "../Realtime.Hub/Realtime.Hub.csproj")
            .WithReference(eventbus).WaitFor(eventbus)
            .WithReference(githubProxyApi)
            .WithEnvironment("Identity__SigningKey", identitySigningKey)
            .WithEnvironment("GitHubProxy__AccessListApiKey", accessListApiKey)
            // A queue per process: every replica sees every event and pushes it to its own connections.
            .WithEnvironment("EventBus__QueueName", "realtime-hub")
            .WithEnvironment("EventBus__InstanceQueue", "true");

        var web = builder.AddProject("web", "../Web/Web.csproj");

        var gatewayPort = builder.Configuration.GetValue("AppHost:GatewayPort", 8080);
        var gateway = builder.AddProject("gateway", "../Gateway/Gateway.csproj")
            .WithHttpEndpoint(port: gatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(redis).WaitFor(redis)
            // SessionEnded from Auth.Api drops the gateway's cached session at once; one queue for every replica.
            .WithReference(eventbus).WaitFor(eventbus)
            .WithEnvironment("EventBus__QueueName", "gateway")
            .WithReference(authApi).WaitFor(authApi)
            .WithReference(githubProxyApi).WaitFor(githubProxyApi)
            .WithReference(webhooksApi).WaitFor(webhooksApi)
            .WithReference(realtimeHub).WaitFor(realtimeHub)
            .WithReference(web).WaitFor(web)
            .WithEnvironment(github.ApplyPublicSettings)
            .WithEnvironment("Identity__SigningKey", identitySigningKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey);

        // The simulator delivers webhooks to the gateway as GitHub would, and, like GitHub, never retries a
        // delivery that found nobody listening: so it starts once the gateway is up.
        github.Simulator?
            .WithEnvironment(context =>
                context.Variables["Simulator__WebhookUrl"] = $"{gateway.Resource.HttpEndpoint.Allocated!.Url}/webhooks/github")
            .WaitFor(gateway);

        return builder;
    }

    /// <summary>Where the GitHub-facing services find GitHub: the configured App (or, in a manifest, parameters
    /// azd asks for), or in demo mode the simulator, started as one more resource.</summary>
    private sealed class GitHubConnection
    {
        private readonly Action<EnvironmentContext> _apply;

        private GitHubConnection(Action<EnvironmentContext> apply, IResourceBuilder<ProjectResource>? simulator)
        {
            _apply = apply;
            Simulator = simulator;
        }

        public IResourceBuilder<ProjectResource>? Simulator { get; }

        public void ApplySettings(EnvironmentContext context) => _apply(context);

        /// <summary>Only GitHub's base URLs (the gateway's Content-Security-Policy allows their origins).</summary>
        public void ApplyPublicSettings(EnvironmentContext context)
        {
            var all = new EnvironmentContext(context.Mode, context.Resource);
            _apply(all);
            foreach (var key in new[] { "GitHub__ApiBaseUrl", "GitHub__WebBaseUrl" })
            {
                if (all.Variables.TryGetValue(key, out var value))
                {
                    context.Variables[key] = value;
                }
            }
        }

        public static GitHubConnection Create(IDistributedApplicationBuilder builder)
        {
            if (builder.Mode == ExecutionMode.Publish)
            {
                var parameters = GitHubSettings.ToDictionary(
                    s => s.Key,
                    s => builder.AddParameter($"github-{s.Key.ToLowerInvariant()}", s.Secret).Resource);
                return new GitHubConnection(
                    context =>
                    {
                        foreach (var (key, parameter) in parameters)
                        {
                            context.Variables[$"GitHub__{key}"] = parameter.ManifestExpression;
                        }
                    },
                    simulator: null);
            }

            if (!IsDemoMode(builder))
            {
                return new GitHubConnection(
                    context =>
                    {
                        foreach (var (key, _) in GitHubSettings)
                        {
                            if (builder.Configuration[$"GitHub:{key}"] is { Length: > 0 } value)
                            {
                                context.Variables[$"GitHub__{key}"] = value;
                            }
                        }
                    },
                    simulator: null);
            }

            // A webhook secret given to ./run.sh (GitHub__WebhookSecret) is used by both sides, so tools
            // outside the app can sign deliveries too; otherwise one is generated and kept.
            var webhookSecret = builder.Configuration["GitHub:WebhookSecret"] is { Length: > 0 } given
                ? given
                : null;
            var generatedWebhookSecret = webhookSecret is null ? builder.AddGeneratedParameter("github-webhook-secret").Resource : null;
            var clientSecret = builder.AddGeneratedParameter("github-simulator-client-secret").Resource;
            string WebhookSecret() => webhookSecret ?? generatedWebhookSecret!.GetValue();

            var simulator = builder.AddProject("github-simulator", "../GitHub.Simulator/GitHub.Simulator.csproj");
            simulator.WithEnvironment(context =>
            {
                context.Variables["Simulator__PublicUrl"] = simulator.Resource.HttpEndpoint.Allocated!.Url;
                context.Variables["Simulator__ClientId"] = DemoClientId;
                context.Variables["Simulator__ClientSecret"] = clientSecret.GetValue();
                context.Variables["Simulator__WebhookSecret"] = WebhookSecret();
                context.Variables["Simulator__App__Id"] = DemoAppId;
                context.Variables["Simulator__Scenario__Enabled"] = builder.Configuration["AppHost:DemoScenario"] ?? "true";
            });

            return new GitHubConnection(
                context =>
                {
                    var url = simulator.Resource.HttpEndpoint.Allocated!.Url;
                    context.Variables["GitHub__ApiBaseUrl"] = url;
                    context.Variables["GitHub__WebBaseUrl"] = url;
                    context.Variables["GitHub__AppId"] = DemoAppId;
                    context.Variables["GitHub__ClientId"] = DemoClientId;
                    context.Variables["GitHub__ClientSecret"] = clientSecret.GetValue();
                    context.Variables["GitHub__WebhookSecret"] = WebhookSecret();
                },
                simulator);
        }
    }
}
