using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionsDashboard.Hosting.Publishing;

namespace ActionsDashboard.AppHost.Tests;

public class ManifestTests
{
    private static readonly JsonSchemaValidator s_schema =
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(TestModel.SharedDirectory, "aspire", "aspire-8.0.schema.json")))!);

    [Fact]
    public async Task Published_manifest_validates_against_the_aspire_schema()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("manifest").FullName, "aspire-manifest.json");
        await using var app = TestModel.Build(null, "--publisher", "manifest", "--output-path", output);

        await app.RunAsync();

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(output));
        Assert.Empty(s_schema.Validate(manifest));
    }

    [Fact]
    public void Manifest_describes_servers_as_containers_databases_as_values_and_projects_with_expressions()
    {
        var app = TestModel.Build(null, "--publisher", "manifest");
        var resources = ManifestPublisher.CreateManifest(app.Resources, TestModel.AppHostDirectory)["resources"]!;

        Assert.Equal("container.v0", (string?)resources["postgres"]!["type"]);
        Assert.Equal("{postgres-password.value}", (string?)resources["postgres"]!["env"]!["POSTGRES_PASSWORD"]);
        Assert.Equal("{postgres.connectionString};Database=authdb", (string?)resources["authdb"]!["connectionString"]);
        Assert.Equal("value.v0", (string?)resources["authdb"]!["type"]);

        var gateway = resources["gateway"]!;
        Assert.Equal("project.v0", (string?)gateway["type"]);
        Assert.Equal("../Gateway/Gateway.csproj", (string?)gateway["path"]);
        Assert.True((bool?)gateway["bindings"]!["http"]!["external"]);
        Assert.Equal("{auth-api.bindings.http.url}", (string?)gateway["env"]!["services__auth-api__http__0"]);
        Assert.Equal("{gateway.bindings.http.targetPort}", (string?)gateway["env"]!["HTTP_PORTS"]);
        Assert.Null(resources["auth-api"]!["bindings"]!["http"]!["external"]);

        var auth = resources["auth-api"]!["env"]!;
        Assert.Equal("{authdb.connectionString}", (string?)auth["ConnectionStrings__authdb"]);
        Assert.Equal("{github-clientsecret.value}", (string?)auth["GitHub__ClientSecret"]);
        Assert.True((bool?)resources["github-clientsecret"]!["inputs"]!["value"]!["secret"]);
        Assert.Null(resources["github-clientsecret"]!["inputs"]!["value"]!["default"]);
        Assert.NotNull(resources["postgres-password"]!["inputs"]!["value"]!["default"]!["generate"]);
        Assert.Null(resources["github-simulator"]);
        Assert.Equal("amqp://guest:{eventbus-password-uri-encoded.value}@{eventbus.bindings.tcp.host}:{eventbus.bindings.tcp.port}",
            (string?)resources["eventbus"]!["connectionString"]);
    }

    [Fact]
    public void Manifest_holds_no_local_secret_or_path()
    {
        var app = TestModel.Build(new() { ["GitHub:ClientSecret"] = "local-only-secret" }, "--publisher", "manifest");

        var text = ManifestPublisher.CreateManifest(app.Resources, TestModel.AppHostDirectory).ToJsonString();

        Assert.DoesNotContain("local-only-secret", text);
        Assert.DoesNotContain(TestModel.RepositoryRoot, text);
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

        var errors = s_schema.Validate(invalid);

        Assert.Contains(errors, e => e.StartsWith("$.resources.a", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.resources.b", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.resources.c", StringComparison.Ordinal));
        Assert.Empty(s_schema.Validate(JsonNode.Parse(File.ReadAllText(Path.Combine(TestModel.SharedDirectory, "aspire", "example-testshop-manifest.json")))));
    }

    [Fact]
    public async Task AppHost_command_line_publishes_the_manifest()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("manifest-cli").FullName, "manifest.json");
        var appHost = Path.Combine(AppContext.BaseDirectory, "ActionsDashboard.AppHost.dll");
        var start = new ProcessStartInfo("dotnet", [appHost, "--publisher", "manifest", "--output-path", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stdout} {stderr}");
        Assert.Empty(s_schema.Validate(JsonNode.Parse(await File.ReadAllTextAsync(output))));
    }
}
