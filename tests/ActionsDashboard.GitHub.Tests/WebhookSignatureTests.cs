using System.Text;
using ActionsDashboard.GitHub.Webhooks;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Tests;

public sealed class WebhookSignatureTests
{
    // GitHub's published test vector:
    // https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    private const string DocsSecret = "It's a Secret to Everybody";
    private const string DocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] DocsBody = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Webhook_signature_from_GitHub_docs_verifies()
    {
        Assert.True(WebhookSignature.Verify(DocsBody, DocsSignature, DocsSecret));
    }

    [Fact]
    public void Computed_signature_matches_GitHub_docs()
    {
        Assert.Equal(DocsSignature, WebhookSignature.Compute(DocsBody, DocsSecret));
    }

    [Fact]
    public void Uppercase_hex_signature_verifies()
    {
        var upper = "sha256=" + DocsSignature["sha256=".Length..].ToUpperInvariant();

        Assert.True(WebhookSignature.Verify(DocsBody, upper, DocsSecret));
    }

    [Fact]
    public void Signature_with_the_wrong_secret_fails()
    {
        Assert.False(WebhookSignature.Verify(DocsBody, DocsSignature, "It's a Secret to Nobody"));
    }

    [Fact]
    public void Signature_over_a_tampered_body_fails()
    {
        Assert.False(WebhookSignature.Verify("Hello, World?"u8, DocsSignature, DocsSecret));
    }

    [Fact]
    public void Signature_without_the_sha256_prefix_fails()
    {
        Assert.False(WebhookSignature.Verify(DocsBody, DocsSignature["sha256=".Length..], DocsSecret));
        Assert.False(WebhookSignature.Verify(DocsBody, "SHA256=" + DocsSignature["sha256=".Length..], DocsSecret));
    }

    [Fact]
    public void Delivery_signed_only_with_sha1_fails()
    {
        var headers = WebhookHeaders.From(new Dictionary<string, string?>
        {
            ["X-Hub-Signature"] = "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6",
        });

        Assert.Null(headers.Signature256);
        Assert.False(WebhookSignature.Verify(DocsBody, headers, [DocsSecret]));
        Assert.False(WebhookSignature.Verify(DocsBody, "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6", DocsSecret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17a")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1z")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17 ")]
    public void Missing_empty_or_malformed_signature_fails(string? header)
    {
        Assert.False(WebhookSignature.Verify(DocsBody, header, DocsSecret));
    }

    [Fact]
    public void Second_secret_verifies_during_rotation()
    {
        Assert.True(WebhookSignature.Verify(DocsBody, DocsSignature, ["the-new-secret", DocsSecret]));
        Assert.False(WebhookSignature.Verify(DocsBody, DocsSignature, ["the-new-secret", "another-one"]));
    }

    [Fact]
    public void Empty_secret_never_verifies_even_a_signature_made_with_an_empty_key()
    {
        var body = "{}"u8.ToArray();
        var signatureWithEmptyKey = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Array.Empty<byte>(), body));

        Assert.False(WebhookSignature.Verify(body, signatureWithEmptyKey, ""));
        Assert.False(WebhookSignature.Verify(body, signatureWithEmptyKey, Array.Empty<string>()));
    }

    [Fact]
    public void Verifier_accepts_the_configured_secret_and_the_rotation_list()
    {
        var options = new GitHubOptions { WebhookSecret = "old-secret", WebhookSecrets = [DocsSecret] };
        var verifier = new GitHubWebhookVerifier(new StaticOptionsMonitor(options));

        Assert.True(verifier.HasSecret);
        Assert.True(verifier.Verify(DocsBody, DocsSignature));
        Assert.False(verifier.Verify(DocsBody, WebhookSignature.Compute(DocsBody, "unknown")));
        Assert.True(verifier.Verify(DocsBody, WebhookSignature.Compute(DocsBody, "old-secret")));
    }

    [Fact]
    public void Verifier_without_secrets_rejects_everything()
    {
        var verifier = new GitHubWebhookVerifier(new StaticOptionsMonitor(new GitHubOptions()));

        Assert.False(verifier.HasSecret);
        Assert.False(verifier.Verify(DocsBody, DocsSignature));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    public void Incremental_check_of_the_docs_vector_in_chunks_matches(int chunkSize)
    {
        using var check = IncrementalWebhookSignature.Start(DocsSignature, ["another secret", DocsSecret])!;
        foreach (var chunk in DocsBody.Chunk(chunkSize))
        {
            check.Append(chunk);
        }

        Assert.True(check.Matches());
    }

    [Fact]
    public void Incremental_check_fails_for_a_wrong_secret_or_a_changed_body()
    {
        using (var wrongSecret = IncrementalWebhookSignature.Start(DocsSignature, ["not it"])!)
        {
            wrongSecret.Append(DocsBody);
            Assert.False(wrongSecret.Matches());
        }

        using var changed = IncrementalWebhookSignature.Start(DocsSignature, [DocsSecret])!;
        changed.Append(DocsBody);
        changed.Append("!"u8);
        Assert.False(changed.Matches());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Incremental_check_is_not_started_for_a_header_that_can_match_nothing(string? header)
    {
        Assert.Null(IncrementalWebhookSignature.Start(header, [DocsSecret]));
    }

    [Fact]
    public void Incremental_check_is_not_started_without_a_usable_secret()
    {
        Assert.Null(IncrementalWebhookSignature.Start(DocsSignature, [null, ""]));
        Assert.Null(new GitHubWebhookVerifier(new StaticOptionsMonitor(new GitHubOptions())).Start(DocsSignature));
    }

    private sealed class StaticOptionsMonitor(GitHubOptions value) : IOptionsMonitor<GitHubOptions>
    {
        public GitHubOptions CurrentValue => value;

        public GitHubOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<GitHubOptions, string?> listener) => null;
    }
}
