using ActionsDashboard.Identity;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.UnitTests;

/// <summary>
/// The identity token signed ES256 with the gateway's private key: services hold only the public key, so nothing a
/// service holds can mint a token another service accepts.
/// </summary>
public sealed class InternalIdentityKeyPairTests
{
    private static readonly InternalIdentity Octocat = new(583231, "octocat", "session-hash");
    private static readonly string[] Audience = ["githubproxy-api"];

    [Fact]
    public async Task A_token_signed_with_the_private_key_is_accepted_with_the_public_key()
    {
        var (privateKey, publicKey) = InternalIdentityKeys.CreatePair();
        var token = Issuer(new InternalIdentityOptions { PrivateKey = privateKey }).Issue(Octocat, "githubproxy-api");

        var result = await Validator(new InternalIdentityOptions { PublicKey = publicKey }).ValidateAsync(token, Audience);

        Assert.Equal(Octocat, result.Identity);
        Assert.Equal(publicKey, InternalIdentityKeys.PublicKeyOf(privateKey));
        Assert.Contains("ES256", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token.Split('.')[0]))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_public_key_a_service_refuses_tokens_signed_any_other_way()
    {
        var (_, publicKey) = InternalIdentityKeys.CreatePair();
        var (otherPrivateKey, _) = InternalIdentityKeys.CreatePair();
        var sharedKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Even a service that still has the old shared key configured accepts only the gateway's ES256 tokens.
        var validator = Validator(new InternalIdentityOptions { PublicKey = publicKey, SigningKey = sharedKey });

        var hmac = Issuer(new InternalIdentityOptions { SigningKey = sharedKey }).Issue(Octocat, "githubproxy-api");
        var otherPair = Issuer(new InternalIdentityOptions { PrivateKey = otherPrivateKey }).Issue(Octocat, "githubproxy-api");

        Assert.Null((await validator.ValidateAsync(hmac, Audience)).Identity);
        Assert.Null((await validator.ValidateAsync(otherPair, Audience)).Identity);
    }

    [Fact]
    public void What_a_service_holds_cannot_sign()
    {
        var (_, publicKey) = InternalIdentityKeys.CreatePair();

        var refused = Assert.Throws<InvalidOperationException>(() => Issuer(new InternalIdentityOptions { PublicKey = publicKey }));
        Assert.Contains("Identity:PrivateKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_rotation_the_previous_public_key_is_still_accepted()
    {
        var (oldPrivateKey, oldPublicKey) = InternalIdentityKeys.CreatePair();
        var (_, newPublicKey) = InternalIdentityKeys.CreatePair();
        var token = Issuer(new InternalIdentityOptions { PrivateKey = oldPrivateKey }).Issue(Octocat, "githubproxy-api");

        var validator = Validator(new InternalIdentityOptions { PublicKey = newPublicKey, PreviousPublicKeys = [oldPublicKey] });

        Assert.Equal(Octocat, (await validator.ValidateAsync(token, Audience)).Identity);
    }

    private static InternalIdentityTokenIssuer Issuer(InternalIdentityOptions options) => new(Options.Create(options), TimeProvider.System);

    private static InternalIdentityTokenValidator Validator(InternalIdentityOptions options) => new(Options.Create(options), TimeProvider.System);

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }
}
