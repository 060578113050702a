namespace Alerts.Api.Model;

public static class DestinationTypes
{
    /// <summary>A Slack incoming webhook: <c>{"text": ...}</c>.</summary>
    public const string Slack = "slack";

    /// <summary>A Microsoft Teams incoming webhook: a MessageCard.</summary>
    public const string Teams = "teams";

    /// <summary>Any HTTPS endpoint: the alert as JSON, signed with HMAC-SHA256.</summary>
    public const string Webhook = "webhook";

    /// <summary>E-mail over the operator's SMTP server.</summary>
    public const string Email = "email";

    public static readonly string[] All = [Slack, Teams, Webhook, Email];
}
