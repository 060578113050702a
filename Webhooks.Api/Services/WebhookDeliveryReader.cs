using System.Text;
using System.Text.Json;
using ActionsDashboard.GitHub.Webhooks;
using MinDataRate = Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Reads and checks a webhook request, cheapest and least trusting first. Before a byte of the body is read: a usable
/// signature header (an unauthenticated caller without one learns nothing else), GitHub's delivery headers, the
/// content type, the declared size, and a free slot. Then the body, into pooled segments bounded by
/// <see cref="UnverifiedBodyBudget"/> and within <see cref="ReceiverOptions.BodyTimeout"/>, with its HMAC computed as it
/// arrives; only a body that matches is copied out, validated as JSON and stored.
/// </summary>
public sealed partial class WebhookDeliveryReader(
    GitHubWebhookVerifier verifier,
    UnverifiedBodyBudget budget,
    IOptionsMonitor<ReceiverOptions> options,
    WebhooksMetrics metrics,
    ILogger<WebhookDeliveryReader> logger)
{
    /// <summary>GitHub caps webhook payloads at 25 MB.</summary>
    public const long MaxBodyBytes = 25 * 1024 * 1024;

    public const string SignatureProblemTitle = "Webhook signature is missing or invalid";

    private const string JsonMediaType = "application/json";
    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string FormPayloadField = "payload";
    private const int RetryAfterSeconds = 5;
    private static int s_warnedNoSecret;

    public async Task<(IncomingDelivery? Delivery, DeliveryRejection? Rejection)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = WebhookHeaders.FromLookup(name => request.Headers[name].ToString());
        using var signature = verifier.Start(headers.Signature256);
        if (signature is null)
        {
            return Reject(request, StatusCodes.Status401Unauthorized, SignatureProblemTitle, DescribeSignatureFailure(headers), "signature", BodyUnread(request));
        }

        if (!headers.HasRequiredHeaders)
        {
            return Reject(request, StatusCodes.Status400BadRequest, "Webhook delivery headers are missing",
                $"A GitHub delivery carries {WebhookHeaders.EventHeader} and {WebhookHeaders.DeliveryHeader}; this request lacks " +
                $"{string.Join(" and ", MissingHeaders(headers))}. Nothing was stored.", "headers", BodyUnread(request));
        }

        // GitHub's delivery ids are GUIDs; anything else did not come from GitHub, and would become a key in our tables.
        if (headers.DeliveryId!.Length > WebhookDelivery.MaxIdLength || !Guid.TryParseExact(headers.DeliveryId, "D", out _))
        {
            return Reject(request, StatusCodes.Status400BadRequest, "Webhook delivery id is invalid",
                $"{WebhookHeaders.DeliveryHeader} must be a GitHub delivery GUID of at most {WebhookDelivery.MaxIdLength} characters. Nothing was stored.",
                "headers", BodyUnread(request));
        }

        if (headers.EventName!.Length > 100 || !headers.EventName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            return Reject(request, StatusCodes.Status400BadRequest, "Webhook event name is invalid",
                $"{WebhookHeaders.EventHeader} must be a GitHub event name such as 'workflow_run'. Nothing was stored.", "headers", BodyUnread(request));
        }

        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        var isJson = contentType?.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        if (!isJson && contentType?.MediaType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase) != true)
        {
            return Reject(request, StatusCodes.Status415UnsupportedMediaType, "Unsupported webhook content type",
                $"Deliveries must be {JsonMediaType} (recommended) or {FormMediaType}; this one is " +
                $"'{(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType)}'. Set the content type in the webhook's settings on GitHub.",
                "content_type", BodyUnread(request));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge(request);
        }

        using var lease = budget.TryEnter();
        if (lease is null)
        {
            return Busy(request, $"{options.CurrentValue.MaxConcurrentBodies} deliveries are being received at once");
        }

        using var body = new PooledBody();
        if (await ReadBodyAsync(request, body, signature, lease, cancellationToken) is { } readFailure)
        {
            return readFailure;
        }

        if (!signature.Matches())
        {
            return Reject(request, StatusCodes.Status401Unauthorized, SignatureProblemTitle, DescribeSignatureFailure(headers), "signature");
        }

        byte[] payload;
        if (isJson)
        {
            payload = body.ToArray();
        }
        else
        {
            var fromForm = await ReadFormPayloadAsync(body.ToArray(), cancellationToken);
            if (fromForm is null)
            {
                return Reject(request, StatusCodes.Status400BadRequest, "Webhook payload is missing",
                    $"A form-encoded delivery carries its JSON in the '{FormPayloadField}' field, and this one has no such field. Nothing was stored.",
                    "payload");
            }

            payload = fromForm;
        }

        if (ValidateJsonObject(payload) is { } jsonError)
        {
            return Reject(request, StatusCodes.Status400BadRequest, "Webhook payload is not valid JSON", jsonError + " Nothing was stored.", "payload");
        }

        return (new IncomingDelivery(headers.DeliveryId, headers.EventName, headers, payload), null);
    }

    /// <summary>
    /// Reads the body into <paramref name="body"/> and its HMAC; null when all of it arrived within the limits, else
    /// the rejection: 413 past 25 MB, 408 when slower than GitHub sends, 503 when the shared budget is spent.
    /// </summary>
    private async Task<(IncomingDelivery?, DeliveryRejection?)?> ReadBodyAsync(
        HttpRequest request, PooledBody body, IncrementalWebhookSignature signature, UnverifiedBodyBudget.Lease lease, CancellationToken cancellationToken)
    {
        var limits = options.CurrentValue;
        if (request.HttpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            try
            {
                rate.MinDataRate = new MinDataRate(limits.MinBytesPerSecond, TimeSpan.FromSeconds(2));
            }
            catch (NotSupportedException)
            {
                // HTTP/2 and HTTP/3 streams have no per-request rate: the body timeout below still applies.
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.BodyTimeout);
        try
        {
            while (true)
            {
                if (body.IsFull)
                {
                    if (!lease.TryReserve(PooledBody.SegmentSize))
                    {
                        return Busy(request, "the memory set aside for deliveries being received is in use");
                    }

                    body.AddSegment();
                }

                var free = body.Free;
                var read = await request.Body.ReadAsync(free, timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                if (body.Length + read > MaxBodyBytes)
                {
                    return TooLarge(request);
                }

                signature.Append(free.Span[..read]);
                body.Advance(read);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TooSlow(request, limits);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(request);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return TooSlow(request, limits);
        }
    }

    /// <summary>True when the request may have a body this service has not read (any but an empty one).</summary>
    private static bool BodyUnread(HttpRequest request) => request.ContentLength != 0;

    private (IncomingDelivery?, DeliveryRejection?) TooLarge(HttpRequest request) =>
        Reject(request, StatusCodes.Status413PayloadTooLarge, "Webhook payload is too large",
            $"GitHub caps webhook payloads at 25 MB ({MaxBodyBytes} bytes) and this request is larger. Nothing was stored.", "size", closeConnection: true);

    private (IncomingDelivery?, DeliveryRejection?) TooSlow(HttpRequest request, ReceiverOptions limits) =>
        Reject(request, StatusCodes.Status408RequestTimeout, "Webhook payload arrived too slowly",
            $"The body did not arrive within {limits.BodyTimeout.TotalSeconds:0.#} s (GitHub sends a delivery in well under its own 10 s " +
            "timeout). Nothing was stored.", "slow", closeConnection: true);

    private (IncomingDelivery?, DeliveryRejection?) Busy(HttpRequest request, string why)
    {
        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Reject(request, StatusCodes.Status503ServiceUnavailable, "Webhook receiver is busy",
            $"Not read: {why}. Nothing was stored; GitHub shows the delivery as failed, and it can be redelivered from the " +
            "webhook's Recent Deliveries.", "busy", closeConnection: true);
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

    /// <summary>
    /// Refuses the request. <paramref name="closeConnection"/> when its body may be left unread (too large, too slow, not
    /// read at all): the connection is not kept for another request.
    /// </summary>
    private (IncomingDelivery?, DeliveryRejection?) Reject(HttpRequest request, int statusCode, string title, string detail, string reason,
        bool closeConnection = false)
    {
        if (closeConnection)
        {
            request.HttpContext.Response.Headers.Connection = "close";
        }

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
