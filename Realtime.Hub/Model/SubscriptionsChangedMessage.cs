namespace Realtime.Hub.Model;

public sealed record SubscriptionsChangedMessage(IReadOnlyList<string> Repositories);
