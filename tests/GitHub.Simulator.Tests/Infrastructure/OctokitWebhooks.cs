using System.Text;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;

namespace GitHub.Simulator.Tests.Infrastructure;

/// <summary>A delivery read as Webhooks.Api reads it: with Octokit.Webhooks' models and deserialisation.</summary>
public static class OctokitWebhooks
{
    private static readonly WebhookEventProcessor Deserializer = new DeserializingProcessor();

    public static WebhookEvent Parse(string eventName, byte[] body) =>
        Deserializer.DeserializeWebhookEvent(
            WebhookHeaders.Parse(new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase) { ["X-GitHub-Event"] = eventName }),
            Encoding.UTF8.GetString(body));

    private sealed class DeserializingProcessor : WebhookEventProcessor;
}
