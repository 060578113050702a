using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>
/// The event types this service subscribes to, by name (the routing key), and the JSON settings both publishers and
/// consumers use. Filled by <c>AddSubscription</c> and <c>ConfigureJsonOptions</c>.
/// </summary>
public sealed class EventBusSubscriptionInfo
{
    public Dictionary<string, Type> EventTypes { get; } = new(StringComparer.Ordinal);

    public JsonSerializerOptions JsonSerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
