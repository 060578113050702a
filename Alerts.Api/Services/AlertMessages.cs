using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alerts.Api.Model;

namespace Alerts.Api.Services;

/// <summary>Each destination's message for an alert.</summary>
public static class AlertMessages
{
    public const string SignatureHeader = "X-ActionsDashboard-Signature-256";
    public const string EventHeader = "X-ActionsDashboard-Event";
    public const string DeliveryHeader = "X-ActionsDashboard-Delivery";

    public static string Title(AlertFacts alert) => alert.Transition switch
    {
        AlertTransitions.Failure => $"❌ {alert.Workflow ?? alert.Name} failed on {alert.Repository}@{alert.Branch}",
        AlertTransitions.Recovery => $"✅ {alert.Workflow ?? alert.Name} recovered on {alert.Repository}@{alert.Branch}",
        AlertTransitions.Queued => $"⏳ {alert.Name ?? alert.Workflow} on {alert.Repository}@{alert.Branch} has been queued for more than {alert.QueuedMinutes} minutes",
        _ => $"🔔 Test alert from ActionsDashboard for {alert.Repository}",
    };

    public static string Text(AlertFacts alert)
    {
        var text = new StringBuilder(Title(alert));
        if (alert.RunNumber is { } number)
        {
            text.Append(CultureInfo.InvariantCulture, $" (run #{number}");
            text.Append(alert.RunAttempt is > 1 ? $", attempt {alert.RunAttempt})" : ")");
        }

        if (alert.Conclusion is { } conclusion && alert.Transition == AlertTransitions.Failure)
        {
            text.Append(CultureInfo.InvariantCulture, $": {conclusion}");
        }

        if (alert.Actor is { } actor)
        {
            text.Append(CultureInfo.InvariantCulture, $", by {actor}");
        }

        return text.ToString();
    }

    /// <summary>Slack's incoming webhook: <c>{"text": ...}</c> with a link in Slack's own markup.</summary>
    public static string Slack(AlertFacts alert) => JsonSerializer.Serialize(new
    {
        text = alert.HtmlUrl is { } url ? $"{Escape(Text(alert))} <{url}|View run>" : Escape(Text(alert)),
    });

    /// <summary>A Teams MessageCard (what Office 365 connector webhooks take).</summary>
    public static string Teams(AlertFacts alert) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@type"] = "MessageCard",
        ["@context"] = "https://schema.org/extensions",
        ["summary"] = Title(alert),
        ["themeColor"] = alert.Transition switch { AlertTransitions.Failure => "D73A49", AlertTransitions.Recovery => "28A745", _ => "DBAB09" },
        ["title"] = Title(alert),
        ["text"] = Text(alert),
        ["potentialAction"] = alert.HtmlUrl is { } url
            ? new object[] { new Dictionary<string, object> { ["@type"] = "OpenUri", ["name"] = "View run", ["targets"] = new[] { new { os = "default", uri = url } } } }
            : Array.Empty<object>(),
    });

    /// <summary>The e-mail's plain-text body: the alert's line, then the repository, branch, workflow and run, and a link to it.</summary>
    public static string Email(AlertFacts alert)
    {
        var text = new StringBuilder(Text(alert)).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Repository: {alert.Repository}\n");
        if (alert.Branch is { } branch)
        {
            text.Append(CultureInfo.InvariantCulture, $"Branch: {branch}\n");
        }

        if (alert.Workflow is { } workflow)
        {
            text.Append(CultureInfo.InvariantCulture, $"Workflow: {workflow}\n");
        }

        if (alert.RunNumber is { } number)
        {
            text.Append(CultureInfo.InvariantCulture, $"Run: #{number}").Append(alert.RunAttempt is > 1 ? $", attempt {alert.RunAttempt}\n" : "\n");
        }

        if (alert.Conclusion is { } conclusion)
        {
            text.Append(CultureInfo.InvariantCulture, $"Conclusion: {conclusion}\n");
        }

        if (alert.HtmlUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nView the run: {url}\n");
        }

        return text.Append("\n-- \nSent by ActionsDashboard's alert rules.\n").ToString();
    }

    /// <summary>The generic webhook's body: the alert's facts with the delivery and rule.</summary>
    public static string Webhook(AlertFacts alert, Guid deliveryId, Guid ruleId, string ruleName) => JsonSerializer.Serialize(new
    {
        @event = alert.Transition,
        delivery = deliveryId,
        rule = new { id = ruleId, name = ruleName },
        repository = alert.Repository,
        workflow = alert.Workflow,
        branch = alert.Branch,
        run = alert.RunId is null ? null : new { id = alert.RunId, attempt = alert.RunAttempt, number = alert.RunNumber, name = alert.Name, conclusion = alert.Conclusion, url = alert.HtmlUrl, actor = alert.Actor, headSha = alert.HeadSha },
        queuedMinutes = alert.QueuedMinutes,
        occurredAt = alert.OccurredAt,
        text = Text(alert),
    }, AlertEvaluator.Json);

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes, as GitHub signs its webhooks.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    // Slack's markup treats &, < and > as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
