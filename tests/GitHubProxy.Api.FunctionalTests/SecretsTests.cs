namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class SecretsTests(GitHubProxyFixture fixture)
{
    [Fact]
    public async Task No_GitHub_token_identity_token_or_key_is_ever_logged()
    {
        await fixture.ResetAsync();
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var identity = fixture.IdentityToken(GitHubProxyFixture.Octocat);
        (await client.GetAsync("/api/user")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/repos/octo-org/octo-repo/runs")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/repos/octo-org/octo-repo/runs/1")).Dispose();
        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        (await monalisa.PostAsync("/api/repos/octo-org/octo-repo/runs/1/rerun", null)).Dispose();

        Assert.NotEmpty(fixture.Logs.Lines);
        foreach (var secret in fixture.GitHubTokens.Values.Concat([identity, fixture.InternalApiKey, fixture.AccessListApiKey, fixture.SigningKey]))
        {
            Assert.Empty(fixture.Logs.LinesContaining(secret));
        }
    }
}
