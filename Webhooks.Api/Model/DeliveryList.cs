namespace Webhooks.Api.Model;

public sealed record DeliveryList(IReadOnlyList<DeliveryView> Deliveries);
