using System.Net;
using System.Text;
using ActionsDashboard.Identity.Sessions;
using StackExchange.Redis;

namespace Auth.Api.FunctionalTests;

/// <summary>Tokens and session ids never appear in plaintext at rest (database, Redis) or in any log line.</summary>
[Collection(AuthApiCollection.Name)]
public sealed class SecretsTests(AuthApiFixture fixture)
{
    [Fact]
    public async Task No_token_or_session_id_is_stored_in_plaintext()
    {
        var (sessionId, accessToken, refreshToken) = await SignInAndRefreshAsync("monalisa");

        var rows = (await fixture.ReadTableAsync("sessions")).Concat(await fixture.ReadTableAsync("users"))
            .Concat(await fixture.ReadTableAsync("sign_in_attempts")).ToList();
        var redisValues = await ReadRedisAsync();

        Assert.Contains(rows, row => row.Contains(SessionSecrets.Hash(sessionId), StringComparison.Ordinal));
        foreach (var secret in new[] { sessionId, accessToken, refreshToken })
        {
            foreach (var form in Encodings(secret))
            {
                Assert.DoesNotContain(rows, row => row.Contains(form, StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(redisValues, value => value.Contains(form, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public async Task No_token_cookie_or_key_appears_in_any_log_line()
    {
        var (sessionId, accessToken, refreshToken) = await SignInAndRefreshAsync("octocat");

        foreach (var secret in new[] { sessionId, accessToken, refreshToken, fixture.TokenKey, fixture.InternalApiKey, fixture.SigningKey,
            TestSecrets.GitHubClientSecret })
        {
            Assert.Empty(fixture.Logs.LinesContaining(secret));
        }

        // The search saw the lines around the secrets' use, so it would have found them there.
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("Refreshed the GitHub token of user", StringComparison.Ordinal));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("login/oauth/access_token", StringComparison.Ordinal));
    }

    /// <summary>A sign-in, a token hand-out, a refresh (so both refresh tokens existed) and a logout.</summary>
    private async Task<(string SessionId, string AccessToken, string RefreshToken)> SignInAndRefreshAsync(string login)
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, login);
        var userId = login switch { "octocat" => 1, "monalisa" => 2, _ => 3 };
        var first = await fixture.GetGitHubTokenAsync(sessionId, userId, login);
        fixture.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        var refreshed = await fixture.GetGitHubTokenAsync(sessionId, userId, login);
        Assert.NotEqual(first, refreshed);

        var hash = SessionSecrets.Hash(sessionId);
        var row = System.Text.Json.Nodes.JsonNode.Parse((await fixture.ReadTableAsync("sessions")).Single(r => r.Contains(hash, StringComparison.Ordinal)))!;
        var protector = fixture.CreateTokenProtector(new() { ["2026-01"] = fixture.TokenKey }, "2026-01");
        var refreshToken = protector.Unprotect(Convert.FromHexString(((string)row["refresh_token_ciphertext"]!)[2..]), (string)row["token_key_id"]!,
            Auth.Api.Services.TokenProtector.RefreshTokenPurpose(hash));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
        return (sessionId, refreshed, refreshToken);
    }

    private async Task<List<string>> ReadRedisAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var values = new List<string>();
        foreach (var key in server.Keys())
        {
            values.Add($"{key}={await redis.GetDatabase().StringGetAsync(key)}");
        }

        Assert.Contains(values, value => value.StartsWith("auth:session:", StringComparison.Ordinal));
        return values;
    }

    /// <summary>The secret as text, and its bytes as PostgreSQL prints bytea (hex) and as base64.</summary>
    private static IEnumerable<string> Encodings(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return [secret, Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes)];
    }
}
