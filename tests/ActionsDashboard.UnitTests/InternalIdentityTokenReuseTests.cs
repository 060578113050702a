using ActionsDashboard.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ActionsDashboard.UnitTests;

/// <summary>
/// The gateway reuses an identity token for the first half of its lifetime, and a service remembers a token it checked
/// (#17: signing and checking ES256 cost more CPU than most requests). What a fresh token would be refused for, a reused
/// or remembered one is refused for too.
/// </summary>
public sealed class InternalIdentityTokenReuseTests
{
    private static readonly InternalIdentity Octocat = new(583231, "octocat", "session-hash");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 22, 0, 0, TimeSpan.Zero));
    private readonly InternalIdentityOptions _gateway;
    private readonly InternalIdentityOptions _service;

    public InternalIdentityTokenReuseTests()
    {
        var (privateKey, publicKey) = InternalIdentityKeys.CreatePair();
        _gateway = new InternalIdentityOptions { PrivateKey = privateKey, TokenLifetime = TimeSpan.FromSeconds(60) };
        _service = new InternalIdentityOptions { PublicKey = publicKey, ClockSkew = TimeSpan.FromSeconds(5) };
    }

    [Fact]
    public void The_same_identity_and_audience_get_the_same_token_for_half_its_lifetime_then_a_new_one()
    {
        var issuer = Issuer();
        var first = issuer.Issue(Octocat, "githubproxy-api");

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(first, issuer.Issue(Octocat, "githubproxy-api"));
        Assert.NotEqual(first, issuer.Issue(Octocat, "realtime-hub"));
        Assert.NotEqual(first, issuer.Issue(Octocat with { SessionHash = "another-session" }, "githubproxy-api"));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotEqual(first, issuer.Issue(Octocat, "githubproxy-api"));
    }

    [Fact]
    public async Task A_remembered_token_is_still_refused_once_expired()
    {
        var (token, validator) = await RememberedAsync();

        _time.Advance(TimeSpan.FromSeconds(64));
        Assert.Equal(Octocat, (await validator.ValidateAsync(token, ["githubproxy-api"])).Identity);
        _time.Advance(TimeSpan.FromSeconds(2)); // past its 60 s and the 5 s of skew

        var refused = await validator.ValidateAsync(token, ["githubproxy-api"]);
        Assert.Null(refused.Identity);
        Assert.Contains("Expired", refused.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_where_its_audience_is_not_accepted()
    {
        var (token, validator) = await RememberedAsync();

        var refused = await validator.ValidateAsync(token, ["realtime-hub"]);

        Assert.Null(refused.Identity);
        Assert.Contains("Audience", refused.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_altered_after_one_passed_is_checked_in_full_and_refused()
    {
        var (token, validator) = await RememberedAsync();

        // The same header and claims with the last signature character changed: not the text that passed.
        var altered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Null((await validator.ValidateAsync(altered, ["githubproxy-api"])).Identity);
    }

    /// <summary>A token for octocat to githubproxy-api, and a validator that has passed (so remembers) it.</summary>
    private async Task<(string Token, InternalIdentityTokenValidator Validator)> RememberedAsync()
    {
        var token = Issuer().Issue(Octocat, "githubproxy-api");
        var validator = Validator();
        Assert.Equal(Octocat, (await validator.ValidateAsync(token, ["githubproxy-api"])).Identity);
        return (token, validator);
    }

    private InternalIdentityTokenIssuer Issuer() => new(Options.Create(_gateway), _time);

    private InternalIdentityTokenValidator Validator() => new(Options.Create(_service), _time);
}
