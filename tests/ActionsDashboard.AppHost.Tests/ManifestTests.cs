using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ActionsDashboard.AppHost.Tests;

/// <summary>The deployment manifest the AppHost publishes (<c>--publisher manifest</c>), as azd reads it.</summary>
public class ManifestTests(ManifestTests.Manifests manifests) : IClassFixture<ManifestTests.Manifests>
{
    private static readonly string[] DeployableTypes = ["container.v0", "container.v1", "project.v0", "project.v1", "parameter.v0", "value.v0"];

    [Theory]
    [InlineData("Containers")]
    [InlineData("Existing")]
    public void Manifest_holds_only_resource_types_azd_deploys_to_container_apps(string servers)
    {
        var resources = manifests[servers]["resources"]!.AsObject();

        Assert.All(resources, r => Assert.Contains((string?)r.Value!["type"], DeployableTypes));
        Assert.Empty(manifests.SchemaErrors(servers));
    }

    [Fact]
    public void Servers_are_aspire_containers_with_their_databases_and_secret_passwords()
    {
        var resources = manifests["Containers"]["resources"]!;

        Assert.StartsWith("container.", (string?)resources["postgres"]!["type"]);
        Assert.StartsWith("container.", (string?)resources["redis"]!["type"]);
        Assert.StartsWith("container.", (string?)resources["eventbus-broker"]!["type"]);
        Assert.Equal("amqp://guest:{eventbus-password.value}@{eventbus-broker.bindings.tcp.host}:{eventbus-broker.bindings.tcp.port}",
            (string?)resources["eventbus"]!["connectionString"]);
        Assert.Equal("{postgres.connectionString};Database=authdb", (string?)resources["authdb"]!["connectionString"]);
        Assert.Null(resources["github-simulator"]);
        Assert.Null(resources["eventbus-epmd"]);
    }

    [Fact]
    public void Managed_services_are_secret_connection_string_parameters()
    {
        var resources = manifests["Existing"]["resources"]!;

        foreach (var name in new[] { "authdb", "dashboarddb", "webhooksdb", "alertsdb", "redis", "eventbus" })
        {
            Assert.Equal("parameter.v0", (string?)resources[name]!["type"]);
            Assert.True((bool?)resources[name]!["inputs"]!["value"]!["secret"], name);
        }

        Assert.Null(resources["postgres"]);
    }

    [Theory]
    [InlineData("Containers")]
    [InlineData("Existing")]
    public void Every_password_key_and_github_secret_is_a_secret_parameter(string servers)
    {
        var resources = manifests[servers]["resources"]!;
        var secrets = new[]
        {
            "identity-private-key", "internal-api-key", "auth-token-key", "webhooks-internal-api-key", "access-list-api-key", "alerts-secret-key",
            "github-clientsecret", "github-privatekey", "github-webhooksecret",
        }.Concat(servers == "Containers" ? ["postgres-password", "redis-password", "eventbus-password"] : []);

        foreach (var name in secrets)
        {
            Assert.Equal("parameter.v0", (string?)resources[name]!["type"]);
            Assert.True((bool?)resources[name]!["inputs"]!["value"]!["secret"], name);
        }

        // Keys have a shape a generator cannot give (32 random bytes, an EC key pair, base64): azd asks for them. The
        // identity public key is asked for too, but it is no secret.
        Assert.Null(resources["identity-private-key"]!["inputs"]!["value"]!["default"]);
        Assert.Null(resources["auth-token-key"]!["inputs"]!["value"]!["default"]);
        Assert.Null(resources["alerts-secret-key"]!["inputs"]!["value"]!["default"]);
        Assert.NotEqual(true, (bool?)resources["identity-public-key"]!["inputs"]!["value"]!["secret"]);
        Assert.NotNull(resources["internal-api-key"]!["inputs"]!["value"]!["default"]!["generate"]);
    }

    [Fact]
    public void Services_are_projects_wired_with_expressions_and_only_the_gateway_is_external()
    {
        var resources = manifests["Containers"]["resources"]!;

        var gateway = resources["gateway"]!;
        Assert.Equal("project.v0", (string?)gateway["type"]);
        Assert.True((bool?)gateway["bindings"]!["http"]!["external"]);
        Assert.Equal("{auth-api.bindings.http.url}", (string?)gateway["env"]!["services__auth-api__http__0"]);
        foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web" })
        {
            Assert.NotEqual(true, (bool?)resources[service]!["bindings"]!["http"]!["external"]);
        }

        var auth = resources["auth-api"]!["env"]!;
        Assert.Equal("{authdb.connectionString}", (string?)auth["ConnectionStrings__authdb"]);
        Assert.Equal("{github-clientsecret.value}", (string?)auth["GitHub__ClientSecret"]);
        Assert.Equal("{identity-public-key.value}", (string?)auth["Identity__PublicKey"]);
        Assert.Equal("{identity-private-key.value}", (string?)gateway["env"]!["Identity__PrivateKey"]);
        Assert.Null(auth["Identity__PrivateKey"]);
        // GitHub sends people back to the public name the operator gives, over TLS; the gateway answers to that name
        // only. No ASPNETCORE_ENVIRONMENT: the containers run as Production.
        Assert.Equal("parameter.v0", (string?)resources["public-host"]!["type"]);
        Assert.Equal("https://{public-host.value}/auth/callback", (string?)auth["Auth__CallbackUrl"]);
        Assert.Equal("{public-host.value}", (string?)gateway["env"]!["AllowedHosts"]);
        Assert.All(new[] { "gateway", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web" },
            service => Assert.Null(resources[service]!["env"]!["ASPNETCORE_ENVIRONMENT"]));
        // A reference gives the connection string only, not the server's password again in other variables.
        Assert.DoesNotContain(auth.AsObject(), e => e.Key.EndsWith("_PASSWORD", StringComparison.Ordinal) || e.Key.EndsWith("_URI", StringComparison.Ordinal));
    }

    [Fact]
    public void Manifest_holds_no_local_secret_or_path()
    {
        foreach (var text in new[] { manifests.Text("Containers"), manifests.Text("Existing") })
        {
            Assert.DoesNotContain("local-only-secret", text);
            Assert.DoesNotContain(manifests.DataPath, text);
            Assert.DoesNotContain("/usr/lib/", text);
        }
    }

    [Fact]
    public void Schema_validator_rejects_what_the_schema_forbids()
    {
        var invalid = JsonNode.Parse("""
            { "resources": {
                "a": { "type": "project.v0", "path": "x.csproj", "unexpected": 1 },
                "b": { "type": "container.v0" },
                "c": { "type": "value.v0", "connectionString": 5 } } }
            """);

        var errors = Manifests.Schema.Validate(invalid);

        Assert.Contains(errors, e => e.StartsWith("$.resources.a", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.resources.b", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.resources.c", StringComparison.Ordinal));
    }

    /// <summary>The manifest published by the AppHost's own command line, once with containers and once with
    /// managed services; a GitHub secret given locally must not leak into it.</summary>
    public sealed class Manifests : IAsyncLifetime
    {
        public static readonly JsonSchemaValidator Schema =
            new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "aspire-8.0.schema.json")))!);

        private readonly Dictionary<string, string> _texts = [];

        public string DataPath { get; } = Directory.CreateTempSubdirectory("apphost-manifest-").FullName;

        public JsonNode this[string servers] => JsonNode.Parse(_texts[servers])!;

        public string Text(string servers) => _texts[servers];

        public IReadOnlyList<string> SchemaErrors(string servers) => Schema.Validate(this[servers]);

        public async Task InitializeAsync()
        {
            foreach (var servers in new[] { "Containers", "Existing" })
            {
                _texts[servers] = await PublishAsync(servers);
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(DataPath, recursive: true);
            return Task.CompletedTask;
        }

        private async Task<string> PublishAsync(string servers)
        {
            var output = Path.Combine(DataPath, $"{servers}.json");
            var appHost = Path.Combine(AppContext.BaseDirectory, "ActionsDashboard.AppHost.dll");
            var start = new ProcessStartInfo("dotnet",
                [appHost, "--publisher", "manifest", "--output-path", output, $"--AppHost:Servers={servers}", $"--AppHost:DataPath={DataPath}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["GitHub__ClientSecret"] = "local-only-secret" },
            };

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout} {await stderr}");
            return await File.ReadAllTextAsync(output);
        }
    }
}
