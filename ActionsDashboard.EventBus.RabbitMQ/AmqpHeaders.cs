using System.Globalization;
using System.Text;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>Names and readers for the AMQP message headers the transport uses.</summary>
internal static class AmqpHeaders
{
    /// <summary>How many times handling this message has failed so far.</summary>
    public const string RetryCount = "x-retry-count";
    public const string DeadLetterReason = "x-dead-letter-reason";
    public const string LastError = "x-last-error";
    public const string OriginalQueue = "x-original-queue";

    private const int MaxErrorLength = 1_000;

    /// <summary>The string-valued headers (AMQP delivers strings as UTF-8 bytes).</summary>
    public static IReadOnlyDictionary<string, string> ToStrings(IDictionary<string, object?>? headers)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (headers is null)
        {
            return strings;
        }

        foreach (var (name, value) in headers)
        {
            switch (value)
            {
                case byte[] bytes:
                    strings[name] = Encoding.UTF8.GetString(bytes);
                    break;
                case string text:
                    strings[name] = text;
                    break;
            }
        }

        return strings;
    }

    public static int GetInt(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                int number => number,
                long number => (int)Math.Clamp(number, 0, int.MaxValue),
                short number => number,
                byte number => number,
                byte[] bytes when int.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => 0,
            }
            : 0;

    public static string DescribeError(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
