using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity.Sessions;

namespace Auth.Api.FunctionalTests;

[Collection(AuthApiCollection.Name)]
public sealed class InternalApiTests(AuthApiFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task Internal_routes_refuse_callers_without_the_service_key(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/internal/sessions/resolve"))
        {
            Content = JsonContent.Create(new ResolveSessionRequest(SessionSecrets.NewSessionId())),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_gateway_resolves_a_cookie_to_its_session_without_any_token_in_the_answer()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "monalisa");

        var resolution = await ResolveAsync(sessionId);

        Assert.NotNull(resolution);
        Assert.Equal("monalisa", (string?)resolution["login"]);
        Assert.Equal(SessionSecrets.Hash(sessionId), (string?)resolution["sessionHash"]);
        Assert.DoesNotContain("ghu_", resolution.ToJsonString());
        Assert.DoesNotContain("ghr_", resolution.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_cookie_resolves_to_404()
    {
        Assert.Null(await ResolveAsync(SessionSecrets.NewSessionId()));
    }

    [Fact]
    public async Task Health_reports_the_migrations_applied()
    {
        var health = JsonNode.Parse(await fixture.Http.GetStringAsync(fixture.Auth("/health")))!;

        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Contains("authdb-migrations", health.ToJsonString());
    }

    private async Task<JsonNode?> ResolveAsync(string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/internal/sessions/resolve"))
        {
            Content = JsonContent.Create(new ResolveSessionRequest(sessionId)),
        };
        request.Headers.Authorization = new("Bearer", fixture.InternalApiKey);
        using var response = await fixture.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
    }
}
