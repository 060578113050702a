using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// Sends webhook deliveries to <c>Simulator:WebhookUrl</c> from a queue, one at a time in order, so the world never
/// waits for a receiver. Like GitHub it does not retry a failed delivery by itself; <see cref="Redeliver"/> sends one
/// again with the same <c>X-GitHub-Delivery</c>. Optional faults: duplicate, drop, reorder.
/// </summary>
/// <remarks>Headers: https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers</remarks>
public sealed class WebhookSender : BackgroundService
{
    public const string HttpClientName = "github-webhooks";

    /// <summary>GitHub-Hookshot/ and a short hash, like GitHub's own user agent.</summary>
    public static readonly string UserAgent =
        "GitHub-Hookshot/" + Convert.ToHexStringLower(SHA256.HashData("ActionsDashboard GitHub simulator"u8))[..7];

    private readonly Channel<Send> _queue = Channel.CreateUnbounded<Send>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DeliveryLog _log;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<SimulatorOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly Random _random;

    public WebhookSender(DeliveryLog log, IHttpClientFactory httpClientFactory, IOptionsMonitor<SimulatorOptions> options, TimeProvider time,
        ILogger<WebhookSender> logger)
    {
        _log = log;
        _httpClientFactory = httpClientFactory;
        _options = options;
        _time = time;
        _logger = logger;
        _random = options.CurrentValue.Scenario.Seed is { } seed ? new Random(seed) : new Random();
    }

    private sealed record Send(DeliveryRecord Record, bool Redelivery);

    /// <summary>Records each webhook as a delivery and queues it; returns at once.</summary>
    public IReadOnlyList<DeliveryRecord> Enqueue(IEnumerable<OutgoingWebhook> webhooks)
    {
        var records = new List<DeliveryRecord>();
        foreach (var webhook in webhooks)
        {
            var record = _log.Create(webhook);
            records.Add(record);
            _queue.Writer.TryWrite(new Send(record, Redelivery: false));
        }
        return records;
    }

    /// <summary>Sends a recorded delivery again, same id and body (GitHub's "Redeliver"). False when the id is unknown.</summary>
    public bool Redeliver(string deliveryId)
    {
        if (_log.Find(deliveryId) is not { } record)
        {
            return false;
        }
        _log.SetState(record, DeliveryState.Queued);
        return _queue.Writer.TryWrite(new Send(record, Redelivery: true));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Send? held = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            Send next;
            try
            {
                if (held is null)
                {
                    next = await _queue.Reader.ReadAsync(stoppingToken);
                }
                else
                {
                    // A delivery held back for reordering goes out after the next one, or alone if none comes soon.
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(TimeSpan.FromSeconds(_options.CurrentValue.Delivery.ReorderHoldSeconds));
                    try
                    {
                        next = await _queue.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        await SendAsync(held, duplicate: false, stoppingToken);
                        held = null;
                        continue;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var faults = _options.CurrentValue.Delivery;
            // Faults apply to GitHub's own sends, never to a redelivery somebody asked for.
            if (!next.Redelivery && Roll(faults.DropRate))
            {
                _log.SetState(next.Record, DeliveryState.Dropped);
                _logger.LogInformation("Dropped delivery {DeliveryId} ({Event}.{Action}) on purpose (Delivery:DropRate).",
                    next.Record.Id, next.Record.Webhook.Event, next.Record.Webhook.Action);
            }
            else if (!next.Redelivery && held is null && Roll(faults.ReorderRate))
            {
                held = next;
                continue;
            }
            else
            {
                await SendAsync(next, duplicate: false, stoppingToken);
                if (!next.Redelivery && Roll(faults.DuplicateRate))
                {
                    await SendAsync(next, duplicate: true, stoppingToken);
                }
            }

            if (held is not null)
            {
                await SendAsync(held, duplicate: false, stoppingToken);
                held = null;
            }
        }
    }

    private bool Roll(double probability) => probability > 0 && _random.NextDouble() < probability;

    private async Task SendAsync(Send send, bool duplicate, CancellationToken stoppingToken)
    {
        var options = _options.CurrentValue;
        var record = send.Record;
        var webhook = record.Webhook;
        if (string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            _log.SetState(record, DeliveryState.NotSent);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl)
        {
            Content = new ByteArrayContent(webhook.Body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-GitHub-Event", webhook.Event);
        request.Headers.Add("X-GitHub-Delivery", record.Id);
        request.Headers.Add("X-GitHub-Hook-ID", options.HookId.ToString(CultureInfo.InvariantCulture));
        // A GitHub App's webhook: the target is the app ("integration"), identified by the app id.
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
        request.Headers.Add("X-GitHub-Hook-Installation-Target-ID", options.App.Id);
        if (!string.IsNullOrEmpty(options.WebhookSecret))
        {
            var key = Encoding.UTF8.GetBytes(options.WebhookSecret);
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, webhook.Body)));
            // The legacy SHA-1 signature GitHub still sends next to the SHA-256 one.
            request.Headers.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(key, webhook.Body)));
        }

        var client = _httpClientFactory.CreateClient(HttpClientName);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Delivery.TimeoutSeconds));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {status}.";
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"The receiver did not answer within {options.Delivery.TimeoutSeconds} seconds.";
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            error = exception.Message;
        }

        var attempt = new DeliveryAttempt(_time.GetUtcNow(), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, error, send.Redelivery, duplicate);
        _log.RecordAttempt(record, attempt);
        if (attempt.Succeeded)
        {
            _logger.LogDebug("Delivered {DeliveryId} ({Event}.{Action}): {StatusCode}.", record.Id, webhook.Event, webhook.Action, status);
        }
        else
        {
            _logger.LogWarning("Delivery {DeliveryId} ({Event}.{Action}) failed: {Error} It is not retried; redeliver it through POST /_simulator/deliveries/{DeliveryId}/redeliver.",
                record.Id, webhook.Event, webhook.Action, error, record.Id);
        }
    }
}
