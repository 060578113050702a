using ActionsDashboard.Hosting.LocalServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Demo mode: run here with no GitHub App configured, so the simulator plays GitHub.</summary>
    public static bool IsDemoMode(IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsRunMode && string.IsNullOrWhiteSpace(builder.Configuration["GitHub:ClientId"]);

    public static IDistributedApplicationBuilder AddActionsDashboard(this IDistributedApplicationBuilder builder)
    {
        // A server that failed to start (a missing binary, say) leaves what waits for it waiting, not failed: once it
        // is fixed and started again from the dashboard, the rest follows.
        builder.Services.Configure<ResourceNotificationServiceOptions>(options =>
            options.DefaultWaitBehavior = WaitBehavior.WaitOnResourceUnavailable);

        var secrets = new AppSecrets(builder);
        var servers = AppServers.Add(builder, secrets);
        var github = GitHubConnection.Create(builder, secrets);

        // Keys between services (ARCHITECTURE.md, "Identity between services"): the gateway signs a short-lived
        // identity token with identity-private-key (ES256) and every service checks it with identity-public-key, so a
        // service cannot mint one for another; internal-api-key guards
        // Auth.Api's internal routes (session resolution, GitHub tokens); auth-token-key encrypts GitHub tokens
        // at rest. Generated once and kept, so sessions survive a restart; a deployment asks for them.
        var (identityPrivateKey, identityPublicKey) = secrets.KeyPair("identity");
        var internalApiKey = secrets.Password("internal-api-key", minLength: 40);
        var authTokenKey = secrets.Key("auth-token-key");
        // Each service's internal routes have their own key: knowing one grants nothing elsewhere.
        var webhooksInternalApiKey = secrets.Password("webhooks-internal-api-key", minLength: 40);
        // Realtime.Hub reads users' repository access lists from GitHubProxy.Api with this one.
        var accessListApiKey = secrets.Password("access-list-api-key", minLength: 40);

        var authApi = builder.AddService<Projects.Auth_Api>("auth-api")
            .WithReference(servers.AuthDb).WaitFor(servers.AuthDb)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Identity__PublicKey", identityPublicKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey)
            .WithEnvironment("Auth__TokenKeys__apphost", authTokenKey)
            .WithEnvironment("Auth__ActiveTokenKey", "apphost");

        var githubProxyApi = builder.AddService<Projects.GitHubProxy_Api>("githubproxy-api")
            .WithReference(servers.DashboardDb).WaitFor(servers.DashboardDb)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithReference(authApi)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Identity__PublicKey", identityPublicKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey)
            .WithEnvironment("AccessList__ApiKey", accessListApiKey)
            // One durable queue shared by every replica: each event updates the read model once.
            .WithEnvironment("EventBus__QueueName", "githubproxy-api");

        var webhooksApi = builder.AddService<Projects.Webhooks_Api>("webhooks-api")
            .WithReference(servers.WebhooksDb).WaitFor(servers.WebhooksDb)
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithEnvironment(github.ApplySettings)
            .WithEnvironment("Internal__ApiKey", webhooksInternalApiKey);

        var realtimeHub = builder.AddService<Projects.Realtime_Hub>("realtime-hub")
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithReference(githubProxyApi)
            .WithEnvironment("Identity__PublicKey", identityPublicKey)
            .WithEnvironment("GitHubProxy__AccessListApiKey", accessListApiKey)
            // A queue per process: every replica sees every event and pushes it to its own connections.
            .WithEnvironment("EventBus__QueueName", "realtime-hub")
            .WithEnvironment("EventBus__InstanceQueue", "true");

        // Alerts (#19): its own database, its own durable queue shared by replicas, users' access lists from
        // GitHubProxy.Api. Destinations must be on Alerts:AllowedHosts (Slack's and Teams' by default); in demo mode a
        // local receiver on loopback may be used too.
        var alerts = builder.AddService<Projects.Alerts_Api>("alerts")
            .WithReference(servers.AlertsDb).WaitFor(servers.AlertsDb)
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithReference(githubProxyApi)
            .WithEnvironment("Identity__PublicKey", identityPublicKey)
            .WithEnvironment("GitHubProxy__AccessListApiKey", accessListApiKey)
            .WithEnvironment("Alerts__SecretKey", secrets.Key("alerts-secret-key"))
            .WithEnvironment("EventBus__QueueName", "alerts");
        if (IsDemoMode(builder))
        {
            alerts.WithEnvironment("Alerts__AllowLoopback", "true");
        }

        var web = builder.AddService<Projects.Web>("web");

        var gateway = builder.AddService<Projects.Gateway>("gateway", builder.Configuration.GetValue("AppHost:GatewayPort", 8080))
            .WithExternalHttpEndpoints()
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            // SessionEnded from Auth.Api drops the gateway's cached session at once; one queue for every replica.
            .WithReference(servers.EventBus).WaitFor(servers.EventBus)
            .WithEnvironment("EventBus__QueueName", "gateway")
            // Socket completions run on the event thread instead of a thread-pool hop: the gateway's work per read is a
            // short async step, and on 2 cores this gave ×1.24 the requests/s and ×0.69 the p99 (bench/Gateway.Bench, #17).
            .WithEnvironment(GatewayRuntime.InlineSocketCompletions, "1")
            .WithReference(authApi).WaitFor(authApi)
            .WithReference(githubProxyApi).WaitFor(githubProxyApi)
            .WithReference(webhooksApi).WaitFor(webhooksApi)
            .WithReference(realtimeHub).WaitFor(realtimeHub)
            .WithReference(alerts).WaitFor(alerts)
            .WithReference(web).WaitFor(web)
            .WithEnvironment(github.ApplyPublicSettings)
            .WithEnvironment("Identity__PrivateKey", identityPrivateKey)
            .WithEnvironment("Internal__ApiKey", internalApiKey);

        // The address people use: GitHub sends them back to its /auth/callback (no Host header from a request decides
        // it), and the gateway answers only requests addressed to it (host filtering, against DNS rebinding).
        var (publicUrl, publicHosts) = PublicAddress(builder, gateway);
        authApi.WithEnvironment("Auth__CallbackUrl", ReferenceExpression.Create($"{publicUrl}/auth/callback"));
        gateway.WithEnvironment("AllowedHosts", publicHosts);

        // The simulator delivers webhooks to the gateway as GitHub would, and, like GitHub, never retries a
        // delivery that found nobody listening: so it starts once the gateway is up.
        github.Simulator?
            .WithEnvironment("Simulator__WebhookUrl", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/webhooks/github"))
            .WaitFor(gateway);

        return builder;
    }

    /// <summary>How the gateway's runtime is tuned (set as environment variables: the runtime reads them at start).</summary>
    public static class GatewayRuntime
    {
        public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    }

    /// <summary>Host names a local run answers to: the gateway and every service listen on loopback.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>The environment services run in unless <c>AppHost:Environment</c> says otherwise: Production's defaults
    /// (Secure <c>__Host-</c> cookies, HSTS over TLS, no developer exception page) are the ones people get.</summary>
    public const string DefaultServiceEnvironment = "Production";

    /// <summary>The public base URL and the host names the gateway accepts. Deployed: <c>https://</c> and the
    /// <c>public-host</c> parameter (the name the GitHub App's callback URL was registered with). Run here:
    /// <c>AppHost:PublicUrl</c> when the gateway is reached through another name, else the gateway's own endpoint.</summary>
    internal static (ReferenceExpression Url, ReferenceExpression Hosts) PublicAddress(IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> gateway)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var host = builder.AddParameter("public-host");
            return (ReferenceExpression.Create($"https://{host}"), ReferenceExpression.Create($"{host}"));
        }

        if (builder.Configuration["AppHost:PublicUrl"] is { Length: > 0 } configured)
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new DistributedApplicationException(
                    $"AppHost:PublicUrl must be an absolute http(s) URL with no path, such as https://dashboard.example.com (got '{configured}').");
            }

            var url = uri.GetLeftPart(UriPartial.Authority);
            var hosts = $"{uri.Host};{LoopbackHosts}";
            return (ReferenceExpression.Create($"{url}"), ReferenceExpression.Create($"{hosts}"));
        }

        return (ReferenceExpression.Create($"{gateway.GetEndpoint("http")}"), ReferenceExpression.Create($"{LoopbackHosts}"));
    }

    /// <summary>The service's <c>/health</c> (database, cache and broker included) as the check <c>WaitFor</c> waits on,
    /// polled fast while it starts so that each link of the start-up chain costs the service's own start, not
    /// Aspire's back-off between checks.</summary>
    private static IResourceBuilder<ProjectResource> WithServiceHealthCheck(this IResourceBuilder<ProjectResource> project)
    {
        var endpoint = project.GetEndpoint("http");
        return project.WithStartupPollingHealthCheck($"{project.Resource.Name}_health",
            new HttpGetHealthCheck(() => new Uri($"{endpoint.Url}/health")));
    }

    /// <summary>A service project with one HTTP endpoint and its <c>/health</c> as the readiness check
    /// <c>WaitFor</c> waits on. Run here, the endpoint is the service's own port (no proxy in front: one hop
    /// less on every request), <paramref name="port"/> when given (0: any free one); in a manifest, Aspire's
    /// default binding.</summary>
    internal static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int? port = null)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name);
        if (builder.ExecutionContext.IsPublishMode)
        {
            project.WithHttpEndpoint();
        }
        else
        {
            var chosen = port is { } fixedPort ? LocalPorts.Resolve(fixedPort, "AppHost:GatewayPort") : LocalPorts.GetFreePort();
            project.WithHttpEndpoint(port: chosen, targetPort: chosen, isProxied: false)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Configuration["AppHost:Environment"] is { Length: > 0 } environment
                    ? environment
                    : DefaultServiceEnvironment)
                // Reached by loopback names only (service discovery, the gateway, health checks); the gateway's own
                // list is set from the public address.
                .WithEnvironment("AllowedHosts", LoopbackHosts);
        }

        // Least privilege: a reference gives the connection string (and service discovery), not every property of
        // the server (host, port, user, password again, URIs) as separate variables.
        return project
            .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
            .WithServiceHealthCheck();
    }
}
