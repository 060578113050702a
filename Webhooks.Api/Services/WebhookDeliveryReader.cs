using System.Buffers;
using System.Text;
using System.Text.Json;
using ActionsDashboard.GitHub.Webhooks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Reads and checks a webhook request, cheapest and least trusting first: size, then the signature over the raw
/// bytes (an unauthenticated caller learns nothing else), then the headers, the content type and the JSON.
/// </summary>
public sealed partial class WebhookDeliveryReader(GitHubWebhookVerifier verifier, WebhooksMetrics metrics, ILogger<WebhookDeliveryReader> logger)
{
    /// <summary>GitHub caps webhook payloads at 25 MB.</summary>
    public const long MaxBodyBytes = 25 * 1024 * 1024;

    public const string SignatureProblemTitle = "Webhook signature is missing or invalid";

    private const string JsonMediaType = "application/json";
    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string FormPayloadField = "payload";
    private static int s_warnedNoSecret;

    public async Task<(IncomingDelivery? Delivery, DeliveryRejection? Rejection)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "Webhook payload is too large",
                $"GitHub caps webhook payloads at 25 MB ({MaxBodyBytes} bytes) and this request is larger. Nothing was stored.", "size");
        }

        var headers = WebhookHeaders.FromLookup(name => request.Headers[name].ToString());
        if (!verifier.Verify(body, headers))
        {
            return Reject(StatusCodes.Status401Unauthorized, SignatureProblemTitle, DescribeSignatureFailure(headers), "signature");
        }

        if (!headers.HasRequiredHeaders)
        {
            return Reject(StatusCodes.Status400BadRequest, "Webhook delivery headers are missing",
                $"A GitHub delivery carries {WebhookHeaders.EventHeader} and {WebhookHeaders.DeliveryHeader}; this request lacks " +
                $"{string.Join(" and ", MissingHeaders(headers))}. Nothing was stored.", "headers");
        }

        if (headers.DeliveryId!.Length > WebhookDelivery.MaxIdLength || headers.DeliveryId.Any(char.IsControl))
        {
            return Reject(StatusCodes.Status400BadRequest, "Webhook delivery id is invalid",
                $"{WebhookHeaders.DeliveryHeader} must be a GitHub delivery GUID of at most {WebhookDelivery.MaxIdLength} characters. Nothing was stored.",
                "headers");
        }

        if (headers.EventName!.Length > 100 || !headers.EventName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            return Reject(StatusCodes.Status400BadRequest, "Webhook event name is invalid",
                $"{WebhookHeaders.EventHeader} must be a GitHub event name such as 'workflow_run'. Nothing was stored.", "headers");
        }

        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        byte[] payload;
        if (contentType?.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase) == true)
        {
            payload = body;
        }
        else if (contentType?.MediaType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase) == true)
        {
            var fromForm = await ReadFormPayloadAsync(body, cancellationToken);
            if (fromForm is null)
            {
                return Reject(StatusCodes.Status400BadRequest, "Webhook payload is missing",
                    $"A form-encoded delivery carries its JSON in the '{FormPayloadField}' field, and this one has no such field. Nothing was stored.",
                    "payload");
            }

            payload = fromForm;
        }
        else
        {
            return Reject(StatusCodes.Status415UnsupportedMediaType, "Unsupported webhook content type",
                $"Deliveries must be {JsonMediaType} (recommended) or {FormMediaType}; this one is " +
                $"'{(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType)}'. Set the content type in the webhook's settings on GitHub.",
                "content_type");
        }

        if (ValidateJsonObject(payload) is { } jsonError)
        {
            return Reject(StatusCodes.Status400BadRequest, "Webhook payload is not valid JSON", jsonError + " Nothing was stored.", "payload");
        }

        return (new IncomingDelivery(headers.DeliveryId, headers.EventName, headers, payload), null);
    }

    /// <summary>The body, or null when it exceeds <see cref="MaxBodyBytes"/> (told by Content-Length, or found while reading).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.ContentLength is { } length)
            {
                if (length > MaxBodyBytes)
                {
                    return null;
                }

                var exact = new byte[length];
                await request.Body.ReadExactlyAsync(exact, cancellationToken);
                return exact;
            }

            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > MaxBodyBytes)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadFormPayloadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var form = new FormReader(new MemoryStream(body, writable: false), Encoding.UTF8)
        {
            // The payload is the one big value; the default 4 MB value limit would refuse large deliveries.
            ValueLengthLimit = (int)MaxBodyBytes,
        };
        var fields = await form.ReadFormAsync(cancellationToken);
        return fields.TryGetValue(FormPayloadField, out var values) && values.Count == 1 && values[0] is { } json
            ? Encoding.UTF8.GetBytes(json)
            : null;
    }

    /// <summary>Null when <paramref name="payload"/> is one well-formed JSON object, else what is wrong with it.</summary>
    internal static string? ValidateJsonObject(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return "The payload is empty; GitHub sends the event as a JSON object.";
        }

        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The payload must be a JSON object, as GitHub sends.";
            }

            reader.Skip();
            return reader.Read() ? "The payload has data after its JSON object." : null;
        }
        catch (JsonException exception)
        {
            return $"The payload is not well-formed JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).";
        }
    }

    private string DescribeSignatureFailure(WebhookHeaders headers)
    {
        if (!verifier.HasSecret)
        {
            if (Interlocked.Exchange(ref s_warnedNoSecret, 1) == 0)
            {
                LogNoSecret(logger);
            }

            return "This delivery could not be verified against the webhook secret, so it was refused and nothing was stored.";
        }

        if (headers.Signature256 is null)
        {
            return headers.SignatureSha1 is null
                ? $"The request has no {WebhookHeaders.Signature256Header} header. Give the webhook a secret on GitHub so deliveries are signed. Nothing was stored."
                : $"Only the legacy SHA-1 {WebhookHeaders.SignatureSha1Header} header was sent; {WebhookHeaders.Signature256Header} (HMAC-SHA256) is required. Nothing was stored.";
        }

        return $"{WebhookHeaders.Signature256Header} does not match the body for the configured secret. Check that the webhook's secret on GitHub " +
            "matches this service's, and that nothing between GitHub and this service changes the body. Nothing was stored.";
    }

    private static IEnumerable<string> MissingHeaders(WebhookHeaders headers)
    {
        if (string.IsNullOrWhiteSpace(headers.EventName))
        {
            yield return WebhookHeaders.EventHeader;
        }

        if (string.IsNullOrWhiteSpace(headers.DeliveryId))
        {
            yield return WebhookHeaders.DeliveryHeader;
        }
    }

    private (IncomingDelivery?, DeliveryRejection?) Reject(int statusCode, string title, string detail, string reason)
    {
        metrics.Rejected(reason);
        LogRejected(logger, statusCode, reason);
        return (null, new DeliveryRejection(statusCode, title, detail, reason));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook request refused with {StatusCode} ({Reason}); nothing stored.")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No webhook secret is configured (GitHub:WebhookSecret or GitHub:WebhookSecrets), so every delivery is refused with 401.")]
    private static partial void LogNoSecret(ILogger logger);
}
