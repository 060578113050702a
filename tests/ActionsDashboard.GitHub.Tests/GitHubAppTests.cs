using Microsoft.Extensions.Time.Testing;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.GitHub.Tests.Infrastructure;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.GitHub.Tests;

public sealed class GitHubAppTests
{
    [Fact]
    public void App_jwt_is_rs256_with_backdated_iat_nine_minute_exp_and_app_id_issuer()
    {
        using var key = RSA.Create(2048);
        var time = new FakeTimeProvider(TestClients.Now);
        var factory = new GitHubAppJwtFactory("12345", key, time);

        var parts = factory.CreateToken().Split('.');

        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(TestClients.Now.AddSeconds(-60).ToUnixTimeSeconds(), payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(TestClients.Now.AddMinutes(9).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("12345", payload.RootElement.GetProperty("iss").GetString());
        Assert.DoesNotContain('=', string.Concat(parts));
    }

    [Fact]
    public void App_jwt_signature_verifies_with_the_public_key()
    {
        using var key = RSA.Create(2048);
        var token = GitHubAppJwtFactory.CreateToken("Iv1.8a61f9b3a7aba766", key, TestClients.Now);
        var parts = token.Split('.');

        using var publicKey = RSA.Create();
        publicKey.ImportFromPem(key.ExportRSAPublicKeyPem());

        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1] + "x"), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void App_jwt_factory_loads_pkcs1_or_pkcs8_pem_from_options(bool pkcs8)
    {
        using var key = RSA.Create(2048);
        var pem = pkcs8 ? key.ExportPkcs8PrivateKeyPem() : key.ExportRSAPrivateKeyPem();
        using var factory = new GitHubAppJwtFactory(TestClients.Options(o => o.PrivateKey = pem), new FakeTimeProvider(TestClients.Now));

        var parts = factory.CreateToken().Split('.');

        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void App_jwt_factory_accepts_a_pem_with_escaped_newlines_and_a_key_file()
    {
        using var key = RSA.Create(2048);
        var pem = key.ExportRSAPrivateKeyPem();
        var path = Path.Combine(Path.GetTempPath(), $"gh-app-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, pem);
        try
        {
            using var fromEnvironment = new GitHubAppJwtFactory(TestClients.Options(o => o.PrivateKey = pem.Replace("\n", "\\n", StringComparison.Ordinal)));
            using var fromFile = new GitHubAppJwtFactory(TestClients.Options(o => o.PrivateKeyPath = path));

            Assert.Equal(3, fromEnvironment.CreateToken().Split('.').Length);
            Assert.Equal(3, fromFile.CreateToken().Split('.').Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void App_jwt_factory_without_a_key_explains_what_to_configure()
    {
        using var factory = new GitHubAppJwtFactory(TestClients.Options());

        var exception = Assert.Throws<InvalidOperationException>(factory.CreateToken);

        Assert.Contains("GitHub:PrivateKey", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installation_token_is_cached_until_five_minutes_before_expiry_then_refreshed()
    {
        var time = new FakeTimeProvider(TestClients.Now);
        var handler = new FakeGitHubHandler(new TokenIssuer(time).Respond);
        using var key = RSA.Create(2048);
        var cache = new GitHubAppInstallationTokenCache(() => TestClients.Rest(handler, time), new GitHubAppJwtFactory("12345", key, time), time);

        var first = await cache.GetTokenAsync(957387);
        time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await cache.GetTokenAsync(957387);
        time.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await cache.GetTokenAsync(957387);

        Assert.Equal("ghs_token_1", first.Token);
        Assert.Same(first, stillCached);
        Assert.Equal("ghs_token_2", refreshed.Token);
        Assert.Equal(2, handler.Requests.Count);
        var request = handler.Requests[0];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/app/installations/957387/access_tokens", request.PathAndQuery);
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal(3, request.Authorization?.Parameter?.Split('.').Length);
        Assert.DoesNotContain("ghs_token_1", first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installation_tokens_are_cached_per_installation()
    {
        var time = new FakeTimeProvider(TestClients.Now);
        var handler = new FakeGitHubHandler(new TokenIssuer(time).Respond);
        using var key = RSA.Create(2048);
        var cache = new GitHubAppInstallationTokenCache(() => TestClients.Rest(handler, time), new GitHubAppJwtFactory("12345", key, time), time);

        await cache.GetTokenAsync(1);
        await cache.GetTokenAsync(2);
        await cache.GetTokenAsync(1);
        cache.Invalidate(2);
        await cache.GetTokenAsync(2);

        Assert.Equal(
            ["/app/installations/1/access_tokens", "/app/installations/2/access_tokens", "/app/installations/2/access_tokens"],
            handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_installation_token_fetch()
    {
        var time = new FakeTimeProvider(TestClients.Now);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeGitHubHandler(new TokenIssuer(time).Respond)
        {
            BeforeRespond = async _ =>
            {
                entered.TrySetResult();
                await release.Task;
            },
        };
        using var key = RSA.Create(2048);
        var cache = new GitHubAppInstallationTokenCache(() => TestClients.Rest(handler, time), new GitHubAppJwtFactory("12345", key, time), time);

        var first = cache.GetTokenAsync(957387);
        await entered.Task;
        var second = cache.GetTokenAsync(957387);
        var third = cache.GetTokenAsync(957387);
        release.SetResult();
        var tokens = await Task.WhenAll(first, second, third);

        Assert.Single(handler.Requests);
        Assert.All(tokens, t => Assert.Same(tokens[0], t));
    }

    [Fact]
    public async Task Installation_token_provider_authenticates_rest_calls_as_the_installation()
    {
        var time = new FakeTimeProvider(TestClients.Now);
        var issuer = new TokenIssuer(time);
        var handler = new FakeGitHubHandler(request => request.Uri.AbsolutePath.StartsWith("/app/", StringComparison.Ordinal)
            ? issuer.Respond(request)
            : FakeResponses.Json(Samples.Rest("list-repo-workflows.json")));
        using var key = RSA.Create(2048);
        var cache = new GitHubAppInstallationTokenCache(() => TestClients.Rest(handler, time), new GitHubAppJwtFactory("12345", key, time), time);
        var client = TestClients.Rest(handler, time).WithTokenProvider(cache.ForInstallation(957387));

        await client.ListWorkflowsAsync("octo-org", "octo-repo");
        await client.ListWorkflowsAsync("octo-org", "octo-repo");

        Assert.Equal(["/app/installations/957387/access_tokens", "/repos/octo-org/octo-repo/actions/workflows", "/repos/octo-org/octo-repo/actions/workflows"],
            handler.Requests.Select(r => r.PathAndQuery));
        Assert.Equal("ghs_token_1", handler.Requests[2].Authorization?.Parameter);
    }

    [Fact]
    public async Task Installation_token_error_surfaces_as_github_api_exception()
    {
        var time = new FakeTimeProvider(TestClients.Now);
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest"}""", HttpStatusCode.Unauthorized));
        using var key = RSA.Create(2048);
        var cache = new GitHubAppInstallationTokenCache(() => TestClients.Rest(handler, time), new GitHubAppJwtFactory("12345", key, time), time);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => cache.GetTokenAsync(957387));

        Assert.Equal(GitHubErrorKind.Unauthorized, exception.Kind);
    }

    /// <summary>Answers token requests the way GitHub does; the n-th token it issues is ghs_token_n, valid for one hour.</summary>
    private sealed class TokenIssuer(TimeProvider time)
    {
        private int _issued;

        public HttpResponseMessage Respond(RecordedRequest request)
        {
            var number = Interlocked.Increment(ref _issued);
            var expiresAt = time.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            return FakeResponses.Json(
                $$"""{"token":"ghs_token_{{number}}","expires_at":"{{expiresAt}}","permissions":{"actions":"write","metadata":"read"},"repository_selection":"selected"}""",
                HttpStatusCode.Created);
        }
    }
}
