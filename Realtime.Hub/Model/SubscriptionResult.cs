namespace Realtime.Hub.Model;

/// <summary>What <c>Subscribe</c> and <c>SubscribeSelected</c> answer.</summary>
public sealed record SubscriptionResult(IReadOnlyList<string> Subscribed, IReadOnlyList<string> Refused);
