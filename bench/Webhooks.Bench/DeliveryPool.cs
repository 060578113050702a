using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Webhooks.Bench;

/// <summary>
/// Realistic signed deliveries: the workflow_run and workflow_job samples with distinct run and job ids, the first
/// round signed once up front (signing is GitHub's cost; verifying is the service's, and it does it for every request).
/// No body is sent twice: the service de-duplicates on the payload's hash as well as the delivery id, so a repeated body
/// would be a cheap duplicate, not a delivery. Past the first round each request gets a copy with a fresh run or job id
/// written in place, signed then (an HMAC of the body: a few µs more of "this process" per request).
/// </summary>
internal sealed class DeliveryPool
{
    // Thirteen digits, so every id written in place has the same width as the one it replaces.
    private const long FirstId = 1_000_000_000_000L;

    private readonly (string Event, byte[] Body, string Signature, int IdOffset)[] _deliveries;
    private readonly byte[] _secret;
    private long _next = -1;

    private DeliveryPool((string, byte[], string, int)[] deliveries, byte[] secret) => (_deliveries, _secret) = (deliveries, secret);

    public double AverageBodyBytes => _deliveries.Average(d => d.Body.Length);

    /// <summary>The prepared deliveries, each signed (for measuring verification and translation alone).</summary>
    public IReadOnlyList<(string Event, byte[] Body, string Signature)> All => [.. _deliveries.Select(d => (d.Event, d.Body, d.Signature))];

    public static DeliveryPool Create(string samplesFolder, string secret, int count)
    {
        var templates = new[]
        {
            ("workflow_job", "workflow_job.queued.json"),
            ("workflow_job", "workflow_job.in_progress.json"),
            ("workflow_job", "workflow_job.completed.success.json"),
            ("workflow_run", "workflow_run.requested.json"),
            ("workflow_run", "workflow_run.completed.json"),
        }.Select(t => (Event: t.Item1, Json: JsonNode.Parse(File.ReadAllBytes(Path.Combine(samplesFolder, t.Item2)))!)).ToArray();

        var key = Encoding.UTF8.GetBytes(secret);
        var deliveries = new (string, byte[], string, int)[count];
        for (var i = 0; i < count; i++)
        {
            var (eventName, template) = templates[i % templates.Length];
            var json = template.DeepClone();
            var main = json[eventName]!;
            main["id"] = FirstId + i;
            if (eventName == "workflow_job")
            {
                main["run_id"] = 2_000_000_000L + (i / 3);
            }

            var body = Encoding.UTF8.GetBytes(json.ToJsonString());
            var id = Encoding.ASCII.GetBytes($"\"id\":{FirstId + i}");
            var at = body.AsSpan().IndexOf(id);
            if (at < 0)
            {
                throw new InvalidOperationException($"The {eventName} id was not found in its serialized body.");
            }

            var idOffset = at + id.Length - 13;
            deliveries[i] = (eventName, body, Sign(key, body), idOffset);
        }

        return new DeliveryPool(deliveries, key);
    }

    /// <summary>The next delivery as GitHub would POST it: a new delivery id and a body no other request had.</summary>
    public HttpRequestMessage NextRequest(Uri url, out string deliveryId)
    {
        var next = Interlocked.Increment(ref _next);
        var (eventName, prepared, signature, idOffset) = _deliveries[next % _deliveries.Length];
        var body = prepared;
        if (next >= _deliveries.Length)
        {
            // Past the first round the prepared ids (FirstId + index) are used up; FirstId + next is not one of them.
            body = (byte[])prepared.Clone();
            (FirstId + next).TryFormat(body.AsSpan(idOffset, 13), out _, default, CultureInfo.InvariantCulture);
            signature = Sign(_secret, body);
        }

        deliveryId = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", signature);
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/bench");
        return request;
    }

    private static string Sign(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
}
