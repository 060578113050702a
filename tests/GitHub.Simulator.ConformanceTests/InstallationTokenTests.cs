using System.Net;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// A GitHub App's installation tokens through Octokit: <see cref="IGitHubAppsClient.CreateInstallationToken"/> with a
/// signed app JWT (Bearer), then the token as Octokit's credentials on the installation's endpoints.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class InstallationTokenTests(SimulatorServer simulator)
{
    private GitHubClient App() => simulator.Client(new Credentials(simulator.AppJwt(), AuthenticationType.Bearer));

    [Fact]
    public async Task App_jwt_gets_an_installation_token_that_lists_the_installations_repositories_and_reads_runs()
    {
        var token = await App().GitHubApps.CreateInstallationToken(3456996);

        Assert.StartsWith("ghs_", token.Token, StringComparison.Ordinal);
        Assert.InRange(token.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        var installation = simulator.Client(new Credentials(token.Token));
        var repositories = await installation.GitHubApps.Installation.GetAllRepositoriesForCurrent();
        Assert.Equal(["octo-org/infra", "octo-org/octo-repo"], repositories.Repositories.Select(r => r.FullName).Order(StringComparer.Ordinal));
        Assert.Equal(2, repositories.TotalCount);
        var runs = await installation.Actions.Workflows.Runs.List("octo-org", "infra");
        Assert.True(runs.TotalCount > 0);
    }

    [Fact]
    public async Task Installation_token_on_user_endpoints_is_ForbiddenException_resource_not_accessible_by_integration()
    {
        var token = await App().GitHubApps.CreateInstallationToken(1);
        var installation = simulator.Client(new Credentials(token.Token));

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => installation.User.Current());

        Assert.Equal("Resource not accessible by integration", refused.Message);
        // A refusal of a known caller carries (and costs) that caller's budget, as a 404 does.
        Assert.Equal(5000, installation.GetLastApiInfo().RateLimit.Limit);
        Assert.Equal(4999, installation.GetLastApiInfo().RateLimit.Remaining);
    }

    [Fact]
    public async Task Unknown_installation_is_NotFoundException_and_a_jwt_signed_by_another_key_is_AuthorizationException()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => App().GitHubApps.CreateInstallationToken(99));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var parts = simulator.AppJwt().Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{System.Buffers.Text.Base64Url.EncodeToString(new byte[256])}";
        var refused = await Assert.ThrowsAsync<AuthorizationException>(() =>
            simulator.Client(new Credentials(forged, AuthenticationType.Bearer)).GitHubApps.CreateInstallationToken(3456996));
        Assert.Equal("A JSON web token could not be decoded", refused.Message);
    }
}
