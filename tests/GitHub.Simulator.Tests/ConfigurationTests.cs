using System.Net;
using System.Security.Cryptography;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Extensions;
using GitHub.Simulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Tests;

/// <summary>The world and the checks are configurable; bad settings stop the start with a message that says what to fix.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task World_from_configuration_replaces_the_default_lists_it_names()
    {
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:World:HistoryRunsPerWorkflow"] = "0",
            ["Simulator:World:Users:0:Login"] = "alice",
            ["Simulator:World:Users:0:Id"] = "100",
            ["Simulator:World:Repositories:0:Owner"] = "alice",
            ["Simulator:World:Repositories:0:Name"] = "demo",
            ["Simulator:World:Repositories:0:Id"] = "5",
            ["Simulator:World:Repositories:0:Private"] = "true",
            ["Simulator:World:Repositories:0:Workflows:0:Id"] = "77",
            ["Simulator:World:Repositories:0:Workflows:0:Name"] = "Build",
            ["Simulator:World:Repositories:0:Workflows:0:Path"] = ".github/workflows/build.yml",
            ["Simulator:World:Installations:0:Id"] = "9",
            ["Simulator:World:Installations:0:Account"] = "alice",
        });

        var world = await simulator.ControlAsync(HttpMethod.Get, "/_simulator/world");
        var alice = GitHubRequestOptions.ForToken((await simulator.SignInAsync("alice")).AccessToken);
        var runs = (await simulator.RestClient().ListWorkflowRunsAsync("alice", "demo", request: alice)).GetValueOrThrow();
        var repositories = await simulator.RestClient().ListAllRepositoriesForAuthenticatedUserAsync(request: alice).ToListAsync();

        Assert.Equal("alice", world["default_user"]!.GetValue<string>());
        Assert.Equal(["alice/demo"], world["repositories"]!.AsArray().Select(r => r!["full_name"]!.GetValue<string>()));
        Assert.Equal(0, runs.TotalCount);
        var demo = Assert.Single(repositories);
        Assert.True(demo.Permissions!.Admin);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_start_with_the_key_to_fix()
    {
        // The simulator's own registrations on a host of the test's: WebApplicationFactory's deferred host races the
        // failed start's dispose and can report ObjectDisposedException in place of the validation error.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:Delivery:DropRate"] = "2" });
        builder.AddApplicationServices();
        await using var app = builder.Build();

        var exception = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Simulator:Delivery:DropRate", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_jwt_signature_is_verified_when_a_public_key_is_configured()
    {
        using var appKey = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:App:PublicKey"] = appKey.ExportSubjectPublicKeyInfoPem(),
        });
        var rest = simulator.RestClient();

        var token = await rest.CreateInstallationAccessTokenAsync(1, GitHubAppJwtFactory.CreateToken("12345", appKey, DateTimeOffset.UtcNow));
        var forged = await Assert.ThrowsAsync<GitHubApiException>(() =>
            rest.CreateInstallationAccessTokenAsync(1, GitHubAppJwtFactory.CreateToken("12345", otherKey, DateTimeOffset.UtcNow)));
        var expired = await Assert.ThrowsAsync<GitHubApiException>(() =>
            rest.CreateInstallationAccessTokenAsync(1, GitHubAppJwtFactory.CreateToken("12345", appKey, DateTimeOffset.UtcNow.AddHours(-1))));

        Assert.StartsWith("ghs_", token.Token, StringComparison.Ordinal);
        Assert.Equal(GitHubErrorKind.Unauthorized, forged.Kind);
        Assert.Equal(GitHubErrorKind.Unauthorized, expired.Kind);
    }

    [Fact]
    public async Task Home_page_says_what_the_simulator_is_and_health_is_served()
    {
        await using var simulator = new SimulatorFactory();
        var client = simulator.CreateHttpClient();

        var home = await client.GetStringAsync("/");
        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Contains("GitHub simulator", home, StringComparison.Ordinal);
        Assert.Contains("octo-org/octo-repo", home, StringComparison.Ordinal);
        Assert.Contains("never expose", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
