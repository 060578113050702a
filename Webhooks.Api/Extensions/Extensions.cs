using System.Text.Json.Serialization;
using ActionsDashboard.EntityFrameworkCore;
using ActionsDashboard.GitHub;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Webhooks.Api.Infrastructure;
using Webhooks.Api.Model;
using Webhooks.Api.Services;

namespace Webhooks.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // webhooksdb keeps every delivery and the outbox; migrations run before the server listens. The ingestion and
        // outbox statements run for every delivery: prepared once per connection, they are not planned again each time.
        builder.AddNpgsqlDataSource("webhooksdb", configureDataSourceBuilder: dataSource =>
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(dataSource.ConnectionStringBuilder.MaxAutoPrepare, 32);
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        });
        builder.Services.NameHealthCheckAfterConnection("PostgreSql", "webhooksdb");
        builder.Services.AddDbContextPool<WebhooksDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.EnrichNpgsqlDbContext<WebhooksDbContext>(ClientIntegrationSettings.DbContext);
        builder.AddDatabaseMigrations<WebhooksDbContext>("webhooksdb");

        // Signature verification with the GitHub:WebhookSecret / GitHub:WebhookSecrets in force at each request.
        builder.AddGitHubClient();

        // This service only publishes: no subscriptions, so no queue of its own.
        builder.AddRabbitMQEventBus("eventbus");
        // Deliveries are still accepted and stored while the broker is down (the outbox publishes them later), so a
        // broker outage degrades this service rather than making it unready.
        builder.Services.DegradeHealthChecksOnFailure("eventbus");
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .Validate(outbox => outbox.BatchSize is > 0 and <= 4_096 && outbox.PollInterval > TimeSpan.Zero
                    && outbox.RetryDelay > TimeSpan.Zero && outbox.MaxRetryDelay >= outbox.RetryDelay,
                "Outbox:BatchSize must be between 1 and 4096, and Outbox:PollInterval, Outbox:RetryDelay and Outbox:MaxRetryDelay " +
                "positive durations with MaxRetryDelay at least RetryDelay.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());

        builder.Services.AddOptions<ReceiverOptions>()
            .BindConfiguration(ReceiverOptions.SectionName)
            .Validate(receiver => receiver.MaxConcurrentBodies > 0 && receiver.BytesPerBody >= 0 && receiver.MaxBufferedBytes >= 0
                    && receiver.BodyTimeout > TimeSpan.Zero && receiver.MinBytesPerSecond > 0,
                "Webhooks:Receiver:MaxConcurrentBodies must be positive, BytesPerBody and MaxBufferedBytes not negative, " +
                "BodyTimeout a positive duration and MinBytesPerSecond positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<UnverifiedBodyBudget>();
        builder.Services.AddSingleton<WebhooksMetrics>();
        builder.Services.AddSingleton<WebhookDeliveryReader>();
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .Validate(ingestion => ingestion.MaxBatchSize is > 0 and <= 1_000 && ingestion.Writers is > 0 and <= 16,
                "Webhooks:Ingestion:MaxBatchSize must be between 1 and 1000, and Webhooks:Ingestion:Writers between 1 and 16.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryBatchWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryBatchWriter>());
        builder.Services.AddSingleton<WebhookIngestion>();
        builder.Services.AddScoped<DeliveryReprocessor>();

        // The internal deliveries view: the same Internal:ApiKey mechanism as every service (its own key, optional here).
        builder.Services.AddOptions<ActionsDashboard.Identity.InternalApi.InternalApiOptions>()
            .BindConfiguration(ActionsDashboard.Identity.InternalApi.InternalApiOptions.SectionName);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    }
}
