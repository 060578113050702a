using System.Text.Json.Serialization;
using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>
/// A parsed webhook delivery. The keys every event may carry are optional on purpose: <c>installation</c> is only
/// there for GitHub App deliveries and <c>organization</c> only for organisation repositories.
/// </summary>
public abstract class WebhookEvent
{
    /// <summary>The <c>X-GitHub-Event</c> name, e.g. <c>workflow_run</c>.</summary>
    [JsonIgnore]
    public abstract string EventName { get; }

    /// <summary>The payload's <c>action</c>; <c>push</c>, <c>ping</c> and <c>workflow_dispatch</c> have none.</summary>
    public string? Action { get; init; }

    public Repository? Repository { get; init; }

    public SimpleUser? Sender { get; init; }

    public Installation? Installation { get; init; }

    public OrganizationRef? Organization { get; init; }
}
