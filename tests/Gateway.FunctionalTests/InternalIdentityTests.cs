using System.Net;
using ActionsDashboard.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests;

/// <summary>The internal identity token format (ActionsDashboard.Identity), as services will use it.</summary>
public sealed class InternalIdentityTests
{
    private static readonly InternalIdentity Octocat = new(1, "octocat", "session-hash");
    private readonly string _key = TestSecrets.NewKey();
    private readonly HostTimeProvider _clock = new();

    [Fact]
    public async Task A_token_is_valid_at_its_audience_until_it_expires()
    {
        var token = Issuer(_key).Issue(Octocat, "githubproxy-api");

        var fresh = await Validator(_key).ValidateAsync(token, ["githubproxy-api"]);
        _clock.Advance(TimeSpan.FromSeconds(66));
        var expired = await Validator(_key).ValidateAsync(token, ["githubproxy-api"]);

        Assert.Equal(Octocat, fresh.Identity);
        Assert.False(expired.IsValid);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        var token = Issuer(TestSecrets.NewKey()).Issue(Octocat, "githubproxy-api");

        Assert.False((await Validator(_key).ValidateAsync(token, ["githubproxy-api"])).IsValid);
    }

    [Fact]
    public async Task During_a_key_rotation_tokens_signed_with_the_previous_key_are_accepted()
    {
        var previous = TestSecrets.NewKey();
        var token = Issuer(previous).Issue(Octocat, "githubproxy-api");
        var validator = new InternalIdentityTokenValidator(
            Options.Create(new InternalIdentityOptions { SigningKey = _key, PreviousSigningKeys = [previous] }), _clock);

        Assert.Equal(Octocat, (await validator.ValidateAsync(token, ["githubproxy-api"])).Identity);
    }

    [Fact]
    public async Task A_service_authenticates_requests_by_the_identity_header_with_AddInternalIdentity()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:SigningKey"] = _key;
        builder.AddInternalIdentity("githubproxy-api");
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (HttpContext context) => context.User.GetInternalIdentity()!.Login).RequireAuthorization();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var anonymous = await client.GetAsync("/whoami");
        using var wrongAudience = await SendAsync(client, Issuer(_key, TimeProvider.System).Issue(Octocat, "realtime-hub"));
        using var signedIn = await SendAsync(client, Issuer(_key, TimeProvider.System).Issue(Octocat, "githubproxy-api"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        Assert.Equal("octocat", await signedIn.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GitHubProxy.Api", "githubproxy-api")]
    [InlineData("Realtime.Hub", "realtime-hub")]
    [InlineData("Auth.Api", "auth-api")]
    public void Without_an_explicit_audience_a_service_accepts_tokens_for_its_resource_name(string applicationName, string audience)
    {
        Assert.Equal(audience, InternalIdentityExtensions.ResourceName(applicationName));
    }

    [Fact]
    public void A_service_without_a_signing_key_does_not_start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddInternalIdentity("githubproxy-api");
        using var app = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<InternalIdentityOptions>>().Value);

        Assert.Contains("Identity:SigningKey", error.Message);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add(InternalIdentityDefaults.HeaderName, token);
        return client.SendAsync(request);
    }

    private InternalIdentityTokenIssuer Issuer(string key, TimeProvider? time = null) =>
        new(Options.Create(new InternalIdentityOptions { SigningKey = key }), time ?? _clock);

    private InternalIdentityTokenValidator Validator(string key) => new(Options.Create(new InternalIdentityOptions { SigningKey = key }), _clock);
}
