using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alerts.Api.Infrastructure;
using Alerts.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alerts.Api.Services;

/// <summary>
/// Works through the <c>deliveries</c> outbox: claims due rows (<c>FOR UPDATE SKIP LOCKED</c> with a lease, so replicas
/// share the work and a crashed one's rows come back), sends each, and records the result: sent, or another attempt
/// after an exponential back-off, or failed after <c>Alerts:MaxAttempts</c> (at once for a 4xx other than 408/429 or a
/// refused destination). Woken by <see cref="DeliverySignal"/> when this process stores one; polls otherwise.
/// </summary>
public sealed partial class AlertSender(NpgsqlDataSource dataSource, IDbContextFactory<AlertsDbContext> databases, DestinationHttpClient client,
    EmailSender email, SecretProtector protector, DestinationGuard guard, DeliverySignal signal, IOptionsMonitor<AlertsOptions> options,
    TimeProvider time, ILogger<AlertSender> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSenderFailed(exception);
            }

            try
            {
                await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends the deliveries due now; how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var ids = new List<Guid>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var claim = new NpgsqlCommand("""
            UPDATE deliveries SET next_attempt_at = @lease
            WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now
                         ORDER BY next_attempt_at LIMIT @batch FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, connection))
        {
            claim.Parameters.AddWithValue("lease", now + settings.SendTimeout * 2 + TimeSpan.FromSeconds(30));
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("batch", BatchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        if (ids.Count == 0)
        {
            return 0;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.Deliveries.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var ruleIds = deliveries.Select(d => d.RuleId).Distinct().ToList();
        var rules = await db.Rules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var outcomes = await Task.WhenAll(deliveries.Select(d => SendOnceAsync(d, rules.GetValueOrDefault(d.RuleId), cancellationToken)));
        for (var i = 0; i < deliveries.Count; i++)
        {
            Record(deliveries[i], outcomes[i], settings.MaxAttempts);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>Applies an attempt's outcome: sent, failed for good, or due again after the back-off.</summary>
    public void Record(AlertDelivery delivery, SendOutcome outcome, int maxAttempts)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.StatusCode = outcome.StatusCode;
        delivery.LastError = outcome.Error is { Length: > 500 } error ? error[..500] : outcome.Error;
        if (outcome.Sent)
        {
            delivery.Status = DeliveryStatuses.Sent;
            delivery.SentAt = now;
            LogSent(delivery.Id, delivery.Transition, delivery.RuleId, (now - delivery.CreatedAt).TotalMilliseconds);
        }
        else if (outcome.Permanent || delivery.Attempts >= maxAttempts)
        {
            delivery.Status = DeliveryStatuses.Failed;
            LogFailed(delivery.Id, delivery.RuleId, delivery.Attempts, outcome.Error);
        }
        else
        {
            var backOff = settings.RetryDelay * Math.Pow(2, delivery.Attempts - 1);
            delivery.NextAttemptAt = now + (backOff > settings.MaxRetryDelay ? settings.MaxRetryDelay : backOff);
        }
    }

    /// <summary>One attempt; never throws for anything the destination does.</summary>
    public async Task<SendOutcome> SendOnceAsync(AlertDelivery delivery, AlertRule? rule, CancellationToken cancellationToken)
    {
        if (rule is null)
        {
            return SendOutcome.Failure("The rule was deleted before the alert could be sent.", permanent: true);
        }

        var timeout = options.CurrentValue.SendTimeout;
        try
        {
            var facts = JsonSerializer.Deserialize<AlertFacts>(delivery.Alert, AlertEvaluator.Json)!;
            var destination = JsonSerializer.Deserialize<SealedDestination>(protector.Unprotect(rule.SealedDestination, rule.Id), AlertEvaluator.Json)!;
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            if (rule.DestinationType == DestinationTypes.Email)
            {
                return await email.SendAsync(rule.DestinationAddress!, AlertMessages.Title(facts), AlertMessages.Email(facts), timeoutSource.Token);
            }

            if (guard.Check(destination.Url) is { } refused)
            {
                return SendOutcome.Failure(refused, permanent: true);
            }

            var body = rule.DestinationType switch
            {
                DestinationTypes.Slack => AlertMessages.Slack(facts),
                DestinationTypes.Teams => AlertMessages.Teams(facts),
                _ => AlertMessages.Webhook(facts, delivery.Id, rule.Id, rule.Name),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, destination.Url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            if (rule.DestinationType == DestinationTypes.Webhook)
            {
                request.Headers.Add(AlertMessages.SignatureHeader, AlertMessages.Sign(bytes, destination.Secret ?? ""));
                request.Headers.Add(AlertMessages.EventHeader, facts.Transition);
                request.Headers.Add(AlertMessages.DeliveryHeader, delivery.Id.ToString());
            }

            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendOutcome.Success(status);
            }

            var permanent = status is >= 300 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            return SendOutcome.Failure(
                string.Create(CultureInfo.InvariantCulture, $"The destination answered {status} {response.ReasonPhrase}") + (status is >= 300 and < 400 ? " (redirects are not followed)." : "."),
                status, permanent);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Failure(rule.DestinationType == DestinationTypes.Email
                ? $"The SMTP server did not answer within {timeout.TotalSeconds:0.#} s."
                : $"The destination did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationRefusedException refused)
        {
            return SendOutcome.Failure(refused.Message, permanent: true);
        }
        catch (HttpRequestException exception)
        {
            // The error kind only: the message can carry the host and port, and nothing here should echo a URL.
            return SendOutcome.Failure($"Could not reach the destination ({exception.HttpRequestError}).");
        }
        catch (CryptographicException)
        {
            return SendOutcome.Failure("The rule's destination could not be unsealed (the Alerts:SecretKey changed?); save the rule again.", permanent: true);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever else goes wrong with one delivery is that delivery's failure, recorded, never the whole batch's.
            return SendOutcome.Failure($"Sending failed ({exception.GetType().Name}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Transition} delivery {DeliveryId} for rule {RuleId}, {Milliseconds} ms after it was stored")]
    private partial void LogSent(Guid deliveryId, string transition, Guid ruleId, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} for rule {RuleId} failed after {Attempts} attempt(s): {Error}")]
    private partial void LogFailed(Guid deliveryId, Guid ruleId, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert sender's pass failed; trying again at the next poll")]
    private partial void LogSenderFailed(Exception exception);
}
