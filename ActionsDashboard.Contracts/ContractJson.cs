using System.Text.Json;

namespace ActionsDashboard.Contracts;

/// <summary>How the contract's shapes are written for the browser: camelCase, absent values as null, times in UTC with a
/// <c>Z</c>. Every service that answers the browser (REST, SignalR, <c>/events</c>) configures its serializer here.</summary>
public static class ContractJson
{
    /// <summary>Adds what the contract needs to <paramref name="options"/> (which should start from the web defaults).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Converters.OfType<UtcTimeConverter>().Any())
        {
            options.Converters.Add(new UtcTimeConverter());
        }

        return options;
    }

    /// <summary>A new set of options: the web defaults, configured by <see cref="Configure"/>.</summary>
    public static JsonSerializerOptions CreateOptions() => Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
