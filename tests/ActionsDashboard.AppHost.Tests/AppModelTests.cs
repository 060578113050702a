using ActionsDashboard.Hosting;
using ActionsDashboard.Hosting.ApplicationModel;
using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.AppHost.Tests;

public class AppModelTests
{
    [Fact]
    public void Model_has_every_server_database_and_service_under_aspire_names()
    {
        var app = TestModel.Build();

        var names = app.Resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToList();

        Assert.Equal(
            ["postgres", "authdb", "dashboarddb", "webhooksdb", "redis", "eventbus", "github-simulator", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web", "gateway"],
            names);
        Assert.All(app.Resources.OfType<ProjectResource>(), p => Assert.True(File.Exists(p.ProjectPath), $"{p.ProjectPath} exists"));
    }

    [Fact]
    public void Start_order_puts_servers_first_then_databases_then_services_then_the_gateway_then_the_simulator()
    {
        var app = TestModel.Build();

        var layers = app.GetStartOrder().Select(layer => layer.Select(r => r.Name).Order().ToList()).ToList();

        Assert.Equal(["eventbus", "postgres", "redis", "web"], layers[0]);
        Assert.Equal(["authdb", "dashboarddb", "realtime-hub", "webhooksdb"], layers[1]);
        Assert.Equal(["auth-api", "githubproxy-api", "webhooks-api"], layers[2]);
        Assert.Equal(["gateway"], layers[3]);
        Assert.Equal(["github-simulator"], layers[4]);
        Assert.Equal(5, layers.Count);
    }

    [Fact]
    public void Each_service_gets_only_the_connection_strings_it_references()
    {
        var app = TestModel.Build();
        AllocateForTest(app);

        var auth = Environment(app, "auth-api");
        var proxy = Environment(app, "githubproxy-api");
        var webhooks = Environment(app, "webhooks-api");
        var hub = Environment(app, "realtime-hub");

        var postgresPort = ((ServerResource)app.GetResource("postgres")).PrimaryEndpoint.Allocated!.Port;
        Assert.Equal($"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password=pg-secret;Database=authdb", auth["ConnectionStrings__authdb"]);
        Assert.StartsWith("127.0.0.1:", auth["ConnectionStrings__redis"]);
        Assert.EndsWith(",password=redis-secret", auth["ConnectionStrings__redis"]);
        Assert.StartsWith("amqp://", auth["ConnectionStrings__eventbus"]); // it publishes SessionEnded
        Assert.DoesNotContain("ConnectionStrings__dashboarddb", auth.Keys);

        Assert.EndsWith(";Database=dashboarddb", proxy["ConnectionStrings__dashboarddb"]);
        Assert.StartsWith("amqp://guest:rabbit%2Fsecret@127.0.0.1:", proxy["ConnectionStrings__eventbus"]);
        Assert.EndsWith(";Database=webhooksdb", webhooks["ConnectionStrings__webhooksdb"]);
        Assert.DoesNotContain("ConnectionStrings__redis", webhooks.Keys);
        Assert.Equal(["ConnectionStrings__eventbus"], hub.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)));
    }

    [Fact]
    public void Event_consumers_get_their_queues_and_the_hub_a_queue_per_instance()
    {
        var app = TestModel.Build();
        AllocateForTest(app);

        var proxy = Environment(app, "githubproxy-api");
        var hub = Environment(app, "realtime-hub");

        Assert.Equal("githubproxy-api", proxy["EventBus__QueueName"]);
        Assert.DoesNotContain("EventBus__InstanceQueue", proxy.Keys);
        Assert.Equal("realtime-hub", hub["EventBus__QueueName"]);
        Assert.Equal("true", hub["EventBus__InstanceQueue"]);
        // The hub reads access lists with a key of its own, which the proxy checks, and nothing else of the proxy's.
        Assert.Equal(proxy["AccessList__ApiKey"], hub["GitHubProxy__AccessListApiKey"]);
        Assert.False(string.IsNullOrEmpty(hub["GitHubProxy__AccessListApiKey"]));
        Assert.DoesNotContain("Internal__ApiKey", hub.Keys);
        Assert.DoesNotContain("AccessList__ApiKey", Environment(app, "gateway").Keys);
        // The gateway's session cache is shared in Redis: one queue for every replica, not one per instance.
        var gateway = Environment(app, "gateway");
        Assert.Equal("gateway", gateway["EventBus__QueueName"]);
        Assert.DoesNotContain("EventBus__InstanceQueue", gateway.Keys);
        Assert.StartsWith("amqp://", gateway["ConnectionStrings__eventbus"]);
    }

    [Fact]
    public void Services_get_aspire_service_discovery_urls_otel_and_their_own_address()
    {
        var app = TestModel.Build();
        AllocateForTest(app);

        var gateway = Environment(app, "gateway");
        var auth = (ProjectResource)app.GetResource("auth-api");

        foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web" })
        {
            var port = ((ProjectResource)app.GetResource(service)).HttpEndpoint.Allocated!.Port;
            Assert.Equal($"http://127.0.0.1:{port}", gateway[$"services__{service}__http__0"]);
        }

        Assert.Equal("http://localhost:8080", gateway["ASPNETCORE_URLS"]);
        Assert.Equal("gateway", gateway["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=", gateway["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("Development", gateway["ASPNETCORE_ENVIRONMENT"]);
        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", gateway.Keys);
        Assert.Equal($"http://127.0.0.1:{auth.HttpEndpoint.Allocated!.Port}", Environment(app, "auth-api")["ASPNETCORE_URLS"]);
        Assert.Contains("services__auth-api__http__0", Environment(app, "githubproxy-api").Keys);
    }

    [Fact]
    public void GitHub_settings_of_the_apphost_reach_the_github_facing_services_only()
    {
        var app = TestModel.Build(new()
        {
            ["GitHub:ApiBaseUrl"] = "https://ghes.example.test/api/v3",
            ["GitHub:ClientId"] = "Iv1.real",
            ["GitHub:ClientSecret"] = "s3cret",
        });
        AllocateForTest(app);

        Assert.Equal("https://ghes.example.test/api/v3", Environment(app, "auth-api")["GitHub__ApiBaseUrl"]);
        Assert.Equal("s3cret", Environment(app, "githubproxy-api")["GitHub__ClientSecret"]);
        Assert.Equal("s3cret", Environment(app, "webhooks-api")["GitHub__ClientSecret"]);
        Assert.DoesNotContain("GitHub__ClientSecret", Environment(app, "gateway").Keys);
        Assert.DoesNotContain("GitHub__ClientSecret", Environment(app, "web").Keys);
        Assert.DoesNotContain("GitHub__AppId", Environment(app, "auth-api").Keys);
    }

    [Fact]
    public void Identity_and_internal_keys_reach_exactly_the_services_that_need_them()
    {
        var app = TestModel.Build();
        AllocateForTest(app);

        var gateway = Environment(app, "gateway");
        var auth = Environment(app, "auth-api");
        var proxy = Environment(app, "githubproxy-api");
        var hub = Environment(app, "realtime-hub");
        var webhooks = Environment(app, "webhooks-api");

        Assert.Equal(gateway["Identity__SigningKey"], auth["Identity__SigningKey"]);
        Assert.Equal(gateway["Identity__SigningKey"], proxy["Identity__SigningKey"]);
        Assert.Equal(gateway["Identity__SigningKey"], hub["Identity__SigningKey"]);
        Assert.Equal(gateway["Internal__ApiKey"], auth["Internal__ApiKey"]);
        Assert.NotEqual(auth["Internal__ApiKey"], webhooks["Internal__ApiKey"]);
        Assert.DoesNotContain("Identity__SigningKey", webhooks.Keys);
        Assert.DoesNotContain("Auth__TokenKeys__apphost", gateway.Keys);
        Assert.Equal("apphost", auth["Auth__ActiveTokenKey"]);
        Assert.DoesNotContain(Environment(app, "web").Keys, k => k.StartsWith("Identity__", StringComparison.Ordinal) || k.StartsWith("Internal__", StringComparison.Ordinal));
        Assert.Equal(Environment(app, "auth-api")["GitHub__WebBaseUrl"], gateway["GitHub__WebBaseUrl"]);
        Assert.DoesNotContain("GitHub__ClientSecret", gateway.Keys);
    }

    [Fact]
    public void With_a_GitHub_app_configured_there_is_no_simulator()
    {
        var app = TestModel.Build(new() { ["GitHub:ClientId"] = "Iv1.real" });

        Assert.DoesNotContain(app.Resources, r => r.Name == "github-simulator");
    }

    [Fact]
    public void Demo_mode_points_every_github_facing_service_at_the_simulator_with_shared_secrets()
    {
        var app = TestModel.Build();
        AllocateForTest(app);

        var simulator = Environment(app, "github-simulator");
        var simulatorUrl = ((ProjectResource)app.GetResource("github-simulator")).HttpEndpoint.Allocated!.Url;
        var gatewayUrl = ((ProjectResource)app.GetResource("gateway")).HttpEndpoint.Allocated!.Url;
        Assert.Equal($"{gatewayUrl}/webhooks/github", simulator["Simulator__WebhookUrl"]);
        Assert.Equal("true", simulator["Simulator__Scenario__Enabled"]);
        foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api" })
        {
            var env = Environment(app, service);
            Assert.Equal(simulatorUrl, env["GitHub__ApiBaseUrl"]);
            Assert.Equal(simulatorUrl, env["GitHub__WebBaseUrl"]);
            Assert.Equal(simulator["Simulator__ClientId"], env["GitHub__ClientId"]);
            Assert.Equal(simulator["Simulator__ClientSecret"], env["GitHub__ClientSecret"]);
            Assert.Equal(simulator["Simulator__WebhookSecret"], env["GitHub__WebhookSecret"]);
        }

        Assert.DoesNotContain("GitHub__WebhookSecret", Environment(app, "gateway").Keys);
    }

    [Fact]
    public void Demo_mode_uses_a_webhook_secret_given_to_the_apphost_on_both_sides()
    {
        var app = TestModel.Build(new() { ["GitHub:WebhookSecret"] = "shared-with-curl" });
        AllocateForTest(app);

        Assert.Equal("shared-with-curl", Environment(app, "github-simulator")["Simulator__WebhookSecret"]);
        Assert.Equal("shared-with-curl", Environment(app, "webhooks-api")["GitHub__WebhookSecret"]);
        Assert.DoesNotContain(app.Resources, r => r.Name == "github-webhook-secret");
    }

    [Fact]
    public void An_existing_server_from_configuration_is_used_instead_of_starting_one()
    {
        var app = TestModel.Build(new()
        {
            ["ConnectionStrings:redis"] = "cache.internal:6380,password=given",
            ["ConnectionStrings:authdb"] = "Host=db.internal;Database=auth;Username=app;Password=given",
        });
        AllocateForTest(app);

        var auth = Environment(app, "auth-api");
        Assert.Equal("cache.internal:6380,password=given", auth["ConnectionStrings__redis"]);
        Assert.Equal("Host=db.internal;Database=auth;Username=app;Password=given", auth["ConnectionStrings__authdb"]);
        Assert.Equal("cache.internal:6380,password=given", ((ServerResource)app.GetResource("redis")).ExistingConnectionString);
    }

    [Fact]
    public void A_wait_cycle_is_refused_with_the_names_involved()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { AppHostDirectory = TestModel.AppHostDirectory });
        var a = builder.AddProject("a", "../Web/Web.csproj");
        var b = builder.AddProject("b", "../Web/Web.csproj").WaitFor(a);
        a.WaitFor(b);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("cycle", error.Message);
        Assert.Contains("a", error.Message);
    }

    [Fact]
    public void Resource_names_follow_aspire_rules()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { AppHostDirectory = TestModel.AppHostDirectory });

        Assert.Throws<ArgumentException>(() => builder.AddRedis("Bad_Name"));
        Assert.Throws<InvalidOperationException>(() => { builder.AddRedis("cache"); builder.AddRedis("cache"); });
    }

    private static Dictionary<string, string> Environment(DistributedApplication app, string project) =>
        ProjectRunner.BuildEnvironment((ProjectResource)app.GetResource(project), ExecutionMode.Run, app.Settings);

    /// <summary>What the orchestrator does before starting anything: passwords and ports.</summary>
    private static void AllocateForTest(DistributedApplication app)
    {
        var port = 41000;
        foreach (var parameter in app.Resources.OfType<ParameterResource>())
        {
            parameter.Value ??= parameter.Name switch
            {
                "postgres-password" => "pg-secret",
                "redis-password" => "redis-secret",
                "eventbus-password" => "rabbit/secret",
                _ => $"{parameter.Name}-value",
            };
        }

        foreach (var endpoint in app.Resources.SelectMany(r => r.AnnotationsOf<EndpointAnnotation>()))
        {
            endpoint.Allocated = new AllocatedEndpoint(endpoint.IsExternal ? "localhost" : "127.0.0.1", endpoint.Port is > 0 ? endpoint.Port.Value : port++, endpoint.Scheme);
        }
    }
}
