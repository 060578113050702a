using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Webhooks.Bench;

/// <summary>
/// Realistic signed deliveries: the workflow_run and workflow_job samples with distinct run and job ids, each signed
/// once up front (signing is GitHub's cost; verifying is the service's, and it does it for every request).
/// </summary>
internal sealed class DeliveryPool
{
    private readonly (string Event, byte[] Body, string Signature)[] _deliveries;
    private int _next = -1;

    private DeliveryPool((string, byte[], string)[] deliveries) => _deliveries = deliveries;

    public double AverageBodyBytes => _deliveries.Average(d => d.Body.Length);

    public IReadOnlyList<(string Event, byte[] Body, string Signature)> All => _deliveries;

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

        var deliveries = new (string, byte[], string)[count];
        for (var i = 0; i < count; i++)
        {
            var (eventName, template) = templates[i % templates.Length];
            var json = template.DeepClone();
            var main = json[eventName]!;
            main["id"] = 1_000_000_000L + i;
            if (eventName == "workflow_job")
            {
                main["run_id"] = 2_000_000_000L + (i / 3);
            }

            var body = Encoding.UTF8.GetBytes(json.ToJsonString());
            deliveries[i] = (eventName, body, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        }

        return new DeliveryPool(deliveries);
    }

    /// <summary>The next delivery as GitHub would POST it, with a new delivery id.</summary>
    public HttpRequestMessage NextRequest(Uri url, out string deliveryId)
    {
        var (eventName, body, signature) = _deliveries[(int)((uint)Interlocked.Increment(ref _next) % (uint)_deliveries.Length)];
        deliveryId = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", signature);
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/bench");
        return request;
    }
}
