using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>Builds requests the way GitHub sends deliveries, signing with HMAC-SHA256 computed here (not by the code under test).</summary>
public static class GitHubDelivery
{
    public const string Path = "/webhooks/github";

    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string SignSha1(byte[] body, string secret) =>
        "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static HttpRequestMessage Json(string eventName, byte[] body, string? secret, string? deliveryId = null) =>
        Create(eventName, body, "application/json", secret, deliveryId ?? Guid.NewGuid().ToString());

    /// <summary>A form-encoded delivery: <c>payload=&lt;url-encoded JSON&gt;</c>, signed over those form bytes.</summary>
    public static HttpRequestMessage Form(string eventName, byte[] json, string? secret, string? deliveryId = null)
    {
        var form = Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(json)));
        return Create(eventName, form, "application/x-www-form-urlencoded", secret, deliveryId ?? Guid.NewGuid().ToString());
    }

    public static HttpRequestMessage Create(string? eventName, byte[] body, string? contentType, string? secret, string? deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        if (eventName is not null)
        {
            request.Headers.Add("X-GitHub-Event", eventName);
        }

        if (deliveryId is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", deliveryId);
        }

        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", Sign(body, secret));
        }

        return request;
    }
}
