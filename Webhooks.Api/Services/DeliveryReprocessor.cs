using ActionsDashboard.EventBus;
using Microsoft.EntityFrameworkCore;
using Webhooks.Api.Infrastructure;
using Webhooks.Api.IntegrationEvents;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Runs a failed delivery's stored payload through translation again (after the cause was fixed) and, when it now
/// yields events, puts them in the outbox in the same transaction that moves the delivery out of Failed.
/// </summary>
public sealed class DeliveryReprocessor(
    WebhooksDbContext db,
    IntegrationEventSerializer serializer,
    OutboxSignal outboxSignal,
    TimeProvider time)
{
    public async Task<ReprocessResult> ReprocessAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var stored = await db.Deliveries.AsNoTracking()
            .Where(d => d.Id == deliveryId)
            .Select(d => new { d.Event, d.State, d.Payload })
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return new ReprocessResult(ReprocessOutcome.NotFound, null, null, 0);
        }

        if (stored.State != DeliveryState.Failed)
        {
            return new ReprocessResult(ReprocessOutcome.NotFailed, stored.State, null, 0);
        }

        var now = time.GetUtcNow();
        var translation = DeliveryTranslation.Translate(stored.Event, stored.Payload, deliveryId);
        if (translation.State == DeliveryState.Failed)
        {
            await db.Deliveries
                .Where(d => d.Id == deliveryId && d.State == DeliveryState.Failed)
                .ExecuteUpdateAsync(row => row
                    .SetProperty(d => d.Error, translation.Error)
                    .SetProperty(d => d.ReprocessCount, d => d.ReprocessCount + 1), cancellationToken);
            return new ReprocessResult(ReprocessOutcome.StillFailing, DeliveryState.Failed, translation.Error, 0);
        }

        var state = translation.Events.Count > 0 ? DeliveryState.Received : translation.State;
        DateTimeOffset? processedAt = state == DeliveryState.Received ? null : now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Claiming the row by its state makes two concurrent reprocess requests yield the events once.
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && d.State == DeliveryState.Failed)
            .ExecuteUpdateAsync(row => row
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.Error, (string?)null)
                .SetProperty(d => d.Action, translation.Action)
                .SetProperty(d => d.RepositoryFullName, translation.RepositoryFullName)
                .SetProperty(d => d.InstallationId, translation.InstallationId)
                .SetProperty(d => d.ProcessedAt, processedAt)
                .SetProperty(d => d.ReprocessCount, d => d.ReprocessCount + 1), cancellationToken);
        if (claimed == 0)
        {
            return new ReprocessResult(ReprocessOutcome.NotFailed, null, null, 0);
        }

        foreach (var @event in translation.Events)
        {
            db.OutboxMessages.Add(OutboxMessage.Create(serializer.Serialize(@event), deliveryId, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (translation.Events.Count > 0)
        {
            outboxSignal.Notify();
        }

        return new ReprocessResult(ReprocessOutcome.Reprocessed, state, null, translation.Events.Count);
    }
}
