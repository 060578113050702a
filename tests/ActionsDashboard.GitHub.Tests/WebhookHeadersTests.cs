using System.Net.Http.Headers;
using ActionsDashboard.GitHub.Webhooks;

namespace ActionsDashboard.GitHub.Tests;

public sealed class WebhookHeadersTests
{
    // The example delivery in https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers
    private static readonly Dictionary<string, string?> DocsDelivery = new()
    {
        ["X-GitHub-Hook-ID"] = "292430182",
        ["X-GitHub-Event"] = "issues",
        ["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        ["X-GitHub-Hook-Installation-Target-Type"] = "repository",
        ["X-GitHub-Hook-Installation-Target-ID"] = "79929171",
        ["X-Hub-Signature"] = "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6",
        ["X-Hub-Signature-256"] = "sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c",
        ["User-Agent"] = "GitHub-Hookshot/044aadd",
        ["Content-Type"] = "application/json",
    };

    [Fact]
    public void Delivery_headers_from_the_docs_example_are_parsed()
    {
        var headers = WebhookHeaders.From(DocsDelivery);

        Assert.Equal("issues", headers.EventName);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", headers.DeliveryId);
        Assert.Equal("292430182", headers.HookId);
        Assert.Equal(292430182, headers.HookIdValue);
        Assert.Equal("repository", headers.InstallationTargetType);
        Assert.Equal(79929171, headers.InstallationTargetIdValue);
        Assert.Equal("sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c", headers.Signature256);
        Assert.Equal("sha1=7d38cdd689735b008b3c702edd92eea23791c5f6", headers.SignatureSha1);
        Assert.True(headers.IsFromHookshot);
        Assert.True(headers.HasRequiredHeaders);
    }

    [Fact]
    public void Header_names_match_case_insensitively()
    {
        var lowercase = DocsDelivery.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);

        Assert.Equal(WebhookHeaders.From(DocsDelivery), WebhookHeaders.From(lowercase));
    }

    [Fact]
    public void Headers_are_read_from_http_headers_and_from_a_lookup()
    {
        var request = new HttpRequestMessage();
        foreach (var (name, value) in DocsDelivery.Where(h => h.Key != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var fromHttpHeaders = WebhookHeaders.From(request.Headers);
        var fromLookup = WebhookHeaders.FromLookup(name => DocsDelivery.GetValueOrDefault(name));

        Assert.Equal(WebhookHeaders.From(DocsDelivery), fromHttpHeaders);
        Assert.Equal(fromLookup, fromHttpHeaders);
    }

    [Fact]
    public void Missing_event_or_delivery_header_is_reported()
    {
        var headers = WebhookHeaders.FromLookup(name => name == "X-GitHub-Event" ? "push" : null);

        Assert.False(headers.HasRequiredHeaders);
        Assert.Null(headers.DeliveryId);
        Assert.Null(headers.HookIdValue);
        Assert.False(headers.IsFromHookshot);
    }

    [Fact]
    public void Http_headers_type_is_accepted_as_multi_valued_input()
    {
        HttpHeaders headers = new HttpRequestMessage().Headers;
        headers.TryAddWithoutValidation("X-GitHub-Event", "ping");

        Assert.Equal("ping", WebhookHeaders.From(headers).EventName);
    }
}
