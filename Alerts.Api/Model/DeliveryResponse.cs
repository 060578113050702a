namespace Alerts.Api.Model;

public sealed record DeliveryResponse(Guid Id, Guid RuleId, string RuleName, string Transition, string Repository, long? RunId, int? RunAttempt,
    string Status, int Attempts, int? StatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt)
{
    public static DeliveryResponse From(AlertDelivery delivery) => new(delivery.Id, delivery.RuleId, delivery.RuleName, delivery.Transition,
        delivery.Repository, delivery.RunId, delivery.RunAttempt, delivery.Status, delivery.Attempts, delivery.StatusCode, delivery.LastError,
        delivery.CreatedAt, delivery.LastAttemptAt, delivery.SentAt,
        delivery.Status == DeliveryStatuses.Pending ? delivery.NextAttemptAt : null);
}
