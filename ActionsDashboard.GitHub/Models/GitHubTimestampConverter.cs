using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

/// <summary>Reads a GitHub timestamp sent either as an ISO 8601 string or as Unix seconds; writes ISO 8601.</summary>
public sealed class GitHubTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64());
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
                {
                    return value;
                }
                throw new JsonException($"'{text}' is not a timestamp.");
            default:
                throw new JsonException($"Expected a timestamp, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } timestamp)
        {
            writer.WriteStringValue(timestamp);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
