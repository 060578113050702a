using Auth.Api.Services;

namespace ActionsDashboard.UnitTests;

/// <summary>A bad setting stops Auth.Api's start with a message naming the key to fix.</summary>
public sealed class AuthOptionsValidatorTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[AuthOptions.TokenKeyBytes]);

    private static AuthOptions Valid() => new() { TokenKeys = { ["2026-01"] = Key }, ActiveTokenKey = "2026-01" };

    private static IEnumerable<string> Failures(AuthOptions options) =>
        new AuthOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Valid_settings_pass() => Assert.Empty(Failures(Valid()));

    [Fact]
    public void No_token_key_names_the_settings_to_add()
    {
        var failures = Failures(new AuthOptions());

        Assert.Contains(failures, f => f.StartsWith("Auth:TokenKeys has no key", StringComparison.Ordinal) && f.Contains("Auth__ActiveTokenKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:ActiveTokenKey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    public void A_key_that_is_not_32_bytes_is_named_by_its_id(string value)
    {
        var options = Valid();
        options.TokenKeys["old"] = value;

        Assert.Equal(["Auth:TokenKeys:old must be base64 of exactly 32 bytes (an AES-256 key)."], Failures(options));
    }

    [Theory]
    [InlineData("auth/callback")]
    [InlineData("ftp://example.com/auth/callback")]
    public void A_callback_that_is_not_an_absolute_http_url_is_refused(string callback)
    {
        var options = Valid();
        options.CallbackUrl = callback;

        Assert.Equal(["Auth:CallbackUrl must be an absolute http(s) URL ending in /auth/callback."], Failures(options));
    }

    [Fact]
    public void A_sign_in_lifetime_beyond_GitHub_s_ten_minutes_is_refused()
    {
        var options = Valid();
        options.SignInLifetime = TimeSpan.FromMinutes(11);

        Assert.Single(Failures(options), f => f.StartsWith("Auth:SignInLifetime", StringComparison.Ordinal));
    }
}
