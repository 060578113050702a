using ActionsDashboard.Hosting.LocalServers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ActionsDashboard.AppHost.Tests;

public class AppModelTests
{
    private static readonly string[] Services = ["auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web", "gateway"];

    [Fact]
    public async Task Model_has_every_server_database_and_service_under_its_aspire_name()
    {
        await using var model = await TestModel.BuildAsync();

        var names = model.Resources.Where(r => r is not ParameterResource && r.GetType().Name != "ProjectRebuilderResource" /* hidden, one per project: Aspire's rebuild command */).Select(r => r.Name).Order().ToList();

        Assert.Equal(
            ["alerts", "alertsdb", "auth-api", "authdb", "dashboarddb", "eventbus", "eventbus-epmd", "gateway", "github-simulator", "githubproxy-api",
             "postgres", "realtime-hub", "redis", "web", "webhooks-api", "webhooksdb"],
            names);
        Assert.All(model.Resources.OfType<ProjectResource>(), p => Assert.True(File.Exists(p.GetProjectMetadata().ProjectPath)));
    }

    [Theory]
    [InlineData("Processes", typeof(LocalPostgresServerResource), typeof(LocalRedisResource), typeof(LocalRabbitMQServerResource))]
    [InlineData("Containers", typeof(PostgresServerResource), typeof(RedisResource), typeof(RabbitMQServerResource))]
    public async Task Servers_are_local_processes_or_containers_under_the_same_names(string mode, Type postgres, Type redis, Type eventbus)
    {
        await using var model = await TestModel.BuildAsync($"--AppHost:Servers={mode}");

        Assert.IsType(postgres, model["postgres"]);
        Assert.IsType(redis, model["redis"]);
        Assert.IsType(eventbus, model["eventbus"]);
        Assert.All(new[] { "authdb", "dashboarddb", "webhooksdb", "alertsdb", "redis", "eventbus" }, name => Assert.IsAssignableFrom<IResourceWithConnectionString>(model[name]));
    }

    [Fact]
    public async Task Existing_servers_are_connection_strings_from_configuration_and_nothing_is_started_for_them()
    {
        await using var model = await TestModel.BuildAsync("--AppHost:Servers=Existing", "--ConnectionStrings:authdb=Host=db.example.test;Database=auth");

        Assert.DoesNotContain(model.Resources, r => r.Name is "postgres" or "eventbus-epmd");
        Assert.All(new[] { "authdb", "dashboarddb", "webhooksdb", "alertsdb", "redis", "eventbus" }, name =>
        {
            Assert.IsAssignableFrom<IResourceWithConnectionString>(model[name]);
            Assert.IsNotAssignableFrom<ExecutableResource>(model[name]);
            Assert.IsNotAssignableFrom<ContainerResource>(model[name]);
        });
        Assert.Equal("Host=db.example.test;Database=auth", (await model.EnvironmentAsync("auth-api"))["ConnectionStrings__authdb"]);
    }

    [Fact]
    public async Task Services_wait_for_what_they_use_and_the_gateway_for_every_service()
    {
        await using var model = await TestModel.BuildAsync();

        string[] WaitsFor(string name) => model[name].Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order().ToArray();

        Assert.Equal(["authdb", "eventbus", "postgres", "redis"], WaitsFor("auth-api"));
        Assert.Equal(["dashboarddb", "eventbus", "postgres", "redis"], WaitsFor("githubproxy-api"));
        Assert.Equal(["eventbus", "postgres", "webhooksdb"], WaitsFor("webhooks-api"));
        Assert.Equal(["eventbus"], WaitsFor("realtime-hub"));
        Assert.Equal(["alertsdb", "eventbus", "postgres"], WaitsFor("alerts"));
        Assert.Equal(["alerts", "auth-api", "eventbus", "githubproxy-api", "realtime-hub", "redis", "web", "webhooks-api"], WaitsFor("gateway"));
        Assert.Equal(["gateway"], WaitsFor("github-simulator"));
        Assert.Equal(["eventbus-epmd"], WaitsFor("eventbus"));
        // Every service is ready when its /health says so (database, cache and broker included).
        Assert.All(Services, s => Assert.Contains(model[s].Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == $"{s}_health"));
    }

    [Fact]
    public async Task Each_service_gets_only_the_connection_strings_it_references_in_aspire_shapes()
    {
        await using var model = await TestModel.BuildAsync();

        var auth = await model.EnvironmentAsync("auth-api");
        var proxy = await model.EnvironmentAsync("githubproxy-api");
        var webhooks = await model.EnvironmentAsync("webhooks-api");
        var hub = await model.EnvironmentAsync("realtime-hub");

        Assert.Matches(@"\AHost=127\.0\.0\.1;Port=\d+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=authdb\z", auth["ConnectionStrings__authdb"]);
        Assert.Matches(@"\A127\.0\.0\.1:\d+,password=[A-Za-z0-9]{22,}\z", auth["ConnectionStrings__redis"]);
        Assert.Matches(@"\Aamqp://guest:[A-Za-z0-9]{22,}@127\.0\.0\.1:\d+\z", auth["ConnectionStrings__eventbus"]); // it publishes SessionEnded
        Assert.DoesNotContain("ConnectionStrings__dashboarddb", auth.Keys);
        Assert.EndsWith(";Database=dashboarddb", proxy["ConnectionStrings__dashboarddb"]);
        Assert.EndsWith(";Database=webhooksdb", webhooks["ConnectionStrings__webhooksdb"]);
        Assert.DoesNotContain("ConnectionStrings__redis", webhooks.Keys);
        Assert.Equal(["ConnectionStrings__eventbus"], hub.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)));
        var alerts = await model.EnvironmentAsync("alerts");
        Assert.Equal(["ConnectionStrings__alertsdb", "ConnectionStrings__eventbus"],
            alerts.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order());
        Assert.EndsWith(";Database=alertsdb", alerts["ConnectionStrings__alertsdb"]);
    }

    [Fact]
    public async Task Identity_and_internal_keys_reach_exactly_the_services_that_need_them()
    {
        await using var model = await TestModel.BuildAsync();
        var env = new Dictionary<string, Dictionary<string, string>>();
        foreach (var service in Services)
        {
            env[service] = await model.EnvironmentAsync(service);
        }

        string[] Having(string key) => Services.Where(s => env[s].ContainsKey(key)).Order().ToArray();

        // The gateway alone holds the identity token's private key; the services that check tokens get its public key,
        // and no one a shared key: a compromised service cannot mint a token for another.
        Assert.Equal(["gateway"], Having("Identity__PrivateKey"));
        Assert.Equal(["alerts", "auth-api", "githubproxy-api", "realtime-hub"], Having("Identity__PublicKey"));
        Assert.Empty(Having("Identity__SigningKey"));
        using (var privateKey = System.Security.Cryptography.ECDsa.Create())
        {
            privateKey.ImportPkcs8PrivateKey(Convert.FromBase64String(env["gateway"]["Identity__PrivateKey"]), out _);
            Assert.Equal(256, privateKey.KeySize);
            Assert.Equal(Convert.ToBase64String(privateKey.ExportSubjectPublicKeyInfo()), env["realtime-hub"]["Identity__PublicKey"]);
        }

        Assert.Equal(["auth-api", "gateway", "githubproxy-api", "webhooks-api"], Having("Internal__ApiKey"));
        // Webhooks.Api's internal key is its own: knowing Auth.Api's grants nothing there.
        Assert.NotEqual(env["auth-api"]["Internal__ApiKey"], env["webhooks-api"]["Internal__ApiKey"]);
        Assert.Equal(["auth-api"], Having("Auth__TokenKeys__apphost"));
        Assert.Equal(env["githubproxy-api"]["AccessList__ApiKey"], env["realtime-hub"]["GitHubProxy__AccessListApiKey"]);
        Assert.Equal(["githubproxy-api"], Having("AccessList__ApiKey"));
        Assert.Equal(env["githubproxy-api"]["AccessList__ApiKey"], env["alerts"]["GitHubProxy__AccessListApiKey"]);
        Assert.Equal("alerts", env["alerts"]["EventBus__QueueName"]);
        Assert.DoesNotContain("EventBus__InstanceQueue", env["alerts"].Keys);
        Assert.Equal(["alerts"], Having("Alerts__SecretKey"));
        Assert.Equal(32, Convert.FromBase64String(env["alerts"]["Alerts__SecretKey"]).Length);
        // Demo mode (the test model has no GitHub App): a local receiver on loopback may be a destination.
        Assert.Equal("true", env["alerts"]["Alerts__AllowLoopback"]);
        Assert.Equal("realtime-hub", env["realtime-hub"]["EventBus__QueueName"]);
        Assert.Equal("true", env["realtime-hub"]["EventBus__InstanceQueue"]);
        Assert.Equal("githubproxy-api", env["githubproxy-api"]["EventBus__QueueName"]);
        Assert.Equal("gateway", env["gateway"]["EventBus__QueueName"]);
        // The gateway alone is tuned for proxying (#17); the services keep the runtime's defaults.
        Assert.Equal(["gateway"], Having("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"));
        Assert.Equal("1", env["gateway"]["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]);
        Assert.Equal(["auth-api", "githubproxy-api", "webhooks-api"], Having("GitHub__ClientSecret"));
    }

    [Fact]
    public async Task Services_get_service_discovery_their_own_address_and_production_environment()
    {
        await using var model = await TestModel.BuildAsync();

        var gateway = await model.EnvironmentAsync("gateway");

        foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web" })
        {
            Assert.Matches(@"\Ahttp://localhost:\d+\z", gateway[$"services__{service}__http__0"]);
        }

        Assert.Matches(@"\Ahttp://localhost:\d+\z", gateway["ASPNETCORE_URLS"]);
        Assert.Contains("services__auth-api__http__0", (await model.EnvironmentAsync("githubproxy-api")).Keys);
        Assert.DoesNotContain("services__auth-api__http__0", (await model.EnvironmentAsync("webhooks-api")).Keys);
    }

    [Fact]
    public async Task Services_run_as_production_unless_the_developer_asks_for_development()
    {
        await using var byDefault = await TestModel.BuildAsync();
        await using var development = await TestModel.BuildAsync("--AppHost:Environment=Development");

        foreach (var service in new[] { "gateway", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web", "github-simulator" })
        {
            Assert.Equal("Production", (await byDefault.EnvironmentAsync(service))["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("Development", (await development.EnvironmentAsync(service))["ASPNETCORE_ENVIRONMENT"]);
        }
    }

    [Fact]
    public async Task The_callback_url_and_allowed_hosts_come_from_the_public_address()
    {
        await using var local = await TestModel.BuildAsync();
        await using var named = await TestModel.BuildAsync("--AppHost:PublicUrl=https://dashboard.example.test/");

        var gateway = await local.EnvironmentAsync("gateway");
        Assert.Equal($"{gateway["ASPNETCORE_URLS"]}/auth/callback", (await local.EnvironmentAsync("auth-api"))["Auth__CallbackUrl"]);
        Assert.Equal("localhost;127.0.0.1;[::1]", gateway["AllowedHosts"]);
        Assert.Equal("https://dashboard.example.test/auth/callback", (await named.EnvironmentAsync("auth-api"))["Auth__CallbackUrl"]);
        Assert.Equal("dashboard.example.test;localhost;127.0.0.1;[::1]", (await named.EnvironmentAsync("gateway"))["AllowedHosts"]);
        // Services behind the gateway answer to loopback names only.
        Assert.Equal("localhost;127.0.0.1;[::1]", (await named.EnvironmentAsync("auth-api"))["AllowedHosts"]);
    }

    [Theory]
    [InlineData("dashboard.example.test")]
    [InlineData("ftp://dashboard.example.test")]
    [InlineData("https://dashboard.example.test/app")]
    [InlineData("https://user:pw@dashboard.example.test")]
    public async Task A_public_url_that_is_not_a_bare_http_origin_stops_the_apphost(string url)
    {
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => TestModel.BuildAsync($"--AppHost:PublicUrl={url}"));

        Assert.Contains("AppHost:PublicUrl", error.Message);
    }

    [Fact]
    public async Task Demo_mode_points_every_github_facing_service_at_the_simulator_with_shared_secrets()
    {
        await using var model = await TestModel.BuildAsync();

        var simulator = await model.EnvironmentAsync("github-simulator");
        var auth = await model.EnvironmentAsync("auth-api");
        var webhooks = await model.EnvironmentAsync("webhooks-api");
        var gateway = await model.EnvironmentAsync("gateway");

        Assert.Equal(simulator["Simulator__PublicUrl"], auth["GitHub__ApiBaseUrl"]);
        Assert.Equal(simulator["Simulator__PublicUrl"], gateway["GitHub__WebBaseUrl"]);
        Assert.Equal(simulator["Simulator__ClientSecret"], auth["GitHub__ClientSecret"]);
        Assert.Equal(simulator["Simulator__WebhookSecret"], webhooks["GitHub__WebhookSecret"]);
        Assert.Equal($"{gateway["ASPNETCORE_URLS"]}/webhooks/github", simulator["Simulator__WebhookUrl"]);
        // Days of history, delivered as webhooks too, so the read model has past runs and jobs at once.
        Assert.Equal("5", simulator["Simulator__World__HistoryDays"]);
        Assert.Equal("true", simulator["Simulator__Scenario__ReplayHistory"]);
        // The gateway gets GitHub's base URLs (for its Content-Security-Policy) and no secret.
        Assert.DoesNotContain("GitHub__ClientSecret", gateway.Keys);
        Assert.DoesNotContain("GitHub__WebhookSecret", gateway.Keys);
    }

    [Fact]
    public async Task With_a_GitHub_app_configured_there_is_no_simulator_and_its_settings_reach_the_github_facing_services()
    {
        await using var model = await TestModel.BuildAsync("--GitHub:ClientId=Iv1.real", "--GitHub:ClientSecret=s3cret", "--GitHub:ApiBaseUrl=https://ghes.example.test/api/v3");

        Assert.DoesNotContain(model.Resources, r => r.Name == "github-simulator");
        var auth = await model.EnvironmentAsync("auth-api");
        Assert.Equal("s3cret", auth["GitHub__ClientSecret"]);
        Assert.Equal("https://ghes.example.test/api/v3", (await model.EnvironmentAsync("gateway"))["GitHub__ApiBaseUrl"]);
        Assert.DoesNotContain("GitHub__ClientSecret", (await model.EnvironmentAsync("realtime-hub")).Keys);
        // Not demo mode: alerts may not call loopback.
        Assert.DoesNotContain("Alerts__AllowLoopback", (await model.EnvironmentAsync("alerts")).Keys);
    }

    [Fact]
    public async Task Generated_passwords_and_keys_are_kept_in_the_data_folder_so_a_restart_keeps_them()
    {
        var data = Directory.CreateTempSubdirectory("apphost-secrets-").FullName;
        try
        {
            Dictionary<string, string> first;
            await using (var model = await TestModel.BuildOnAsync(data))
            {
                first = await model.EnvironmentAsync("auth-api");
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "secrets.json")));
            }
            await using var again = await TestModel.BuildOnAsync(data);
            var second = await again.EnvironmentAsync("auth-api");

            Assert.Equal(first["Identity__PublicKey"], second["Identity__PublicKey"]);
            Assert.Equal(first["Auth__TokenKeys__apphost"], second["Auth__TokenKeys__apphost"]);
            Assert.Equal(first["ConnectionStrings__authdb"].Split("Password=")[1], second["ConnectionStrings__authdb"].Split("Password=")[1]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
