using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>Turns a delivery's <c>X-GitHub-Event</c> name and raw body into a typed <see cref="WebhookEvent"/>.</summary>
public static class WebhookEventParser
{
    /// <summary>
    /// A typed event for the names in <see cref="WebhookEventNames.Handled"/>, an <see cref="UnhandledWebhookEvent"/>
    /// for any other name. Throws <see cref="WebhookPayloadException"/> only for a body that is not valid JSON
    /// (or lacks the event's main object).
    /// </summary>
    public static WebhookEvent Parse(string eventName, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var context = GitHubJsonContext.Default;
        return eventName switch
        {
            WebhookEventNames.WorkflowRun => Require(Read(eventName, body, context.WorkflowRunEvent), e => e.WorkflowRun, "workflow_run"),
            WebhookEventNames.WorkflowJob => Require(Read(eventName, body, context.WorkflowJobEvent), e => e.WorkflowJob, "workflow_job"),
            WebhookEventNames.Push => Read(eventName, body, context.PushEvent),
            WebhookEventNames.PullRequest => Require(Read(eventName, body, context.PullRequestEvent), e => e.PullRequest, "pull_request"),
            WebhookEventNames.Ping => Read(eventName, body, context.PingEvent),
            WebhookEventNames.Installation => Require(Read(eventName, body, context.InstallationEvent), e => e.Installation, "installation"),
            WebhookEventNames.InstallationRepositories =>
                Require(Read(eventName, body, context.InstallationRepositoriesEvent), e => e.Installation, "installation"),
            _ => Read(eventName, body, context.UnhandledWebhookEvent).WithEventName(eventName),
        };
    }

    public static WebhookEvent Parse(string eventName, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(eventName, body.AsSpan());
    }

    private static T Read<T>(string eventName, ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo) where T : WebhookEvent
    {
        if (body.IsEmpty)
        {
            throw new WebhookPayloadException(eventName, $"The '{eventName}' delivery has an empty body.");
        }
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new WebhookPayloadException(eventName, $"The '{eventName}' delivery's body is JSON null, not an object.");
        }
        catch (JsonException exception)
        {
            throw new WebhookPayloadException(eventName,
                $"The '{eventName}' delivery's body is not the JSON object GitHub sends ({exception.Message}). " +
                "Check that the webhook's content type is application/json.", exception);
        }
    }

    private static T Require<T>(T webhookEvent, Func<T, object?> main, string key) where T : WebhookEvent =>
        main(webhookEvent) is null
            ? throw new WebhookPayloadException(webhookEvent.EventName, $"The '{webhookEvent.EventName}' delivery has no '{key}' object.")
            : webhookEvent;
}
