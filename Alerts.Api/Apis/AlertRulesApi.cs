using System.Text.Json;
using Alerts.Api.Infrastructure;
using Alerts.Api.Model;
using Alerts.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Apis;

/// <summary><c>/api/alerts/rules</c>: the signed-in person's own rules. Another person's rule is answered 404, as if absent.</summary>
public static class AlertRulesApi
{
    public static IEndpointRouteBuilder MapAlertRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/alerts/rules").RequireAuthorization().WithTags("Alert rules");
        rules.MapGet("", ListAsync).WithSummary("Your alert rules.");
        rules.MapPost("", CreateAsync).WithSummary("Adds an alert rule.");
        rules.MapGet("/{id:guid}", GetAsync).WithSummary("One of your alert rules.");
        rules.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replaces an alert rule; an omitted destination URL or secret keeps the stored one.");
        rules.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Deletes an alert rule (its delivery history stays).");
        rules.MapPost("/{id:guid}/test", TestAsync).WithSummary("Sends a test alert to the rule's destination now and answers the delivery.");
        return app;
    }

    public static async Task<Ok<List<RuleResponse>>> ListAsync(CurrentUser user, AlertsDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.Rules.AsNoTracking().Where(r => r.OwnerId == user.UserId).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rules.Select(RuleResponse.From).ToList());
    }

    public static async Task<Results<Ok<RuleResponse>, NotFound<ProblemDetails>>> GetAsync(Guid id, CurrentUser user, AlertsDbContext db,
        CancellationToken cancellationToken) =>
        await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == user.UserId, cancellationToken) is { } rule
            ? TypedResults.Ok(RuleResponse.From(rule))
            : RuleNotFound();

    public static async Task<Results<Created<RuleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(RuleRequest? request, CurrentUser user,
        AlertsDbContext db, RuleValidator validator, SecretProtector protector, IOptionsMonitor<AlertsOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (valid, errors) = validator.Validate(request, null, null);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert rule is not valid");
        }

        var max = options.CurrentValue.MaxRulesPerUser;
        if (await db.Rules.CountAsync(r => r.OwnerId == user.UserId, cancellationToken) >= max)
        {
            return TypedResults.Problem(title: "Too many alert rules", detail: $"You have {max} alert rules, the most allowed; delete one first.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var rule = new AlertRule { Id = Guid.CreateVersion7(), OwnerId = user.UserId, CreatedAt = now };
        Apply(rule, valid, protector, now);
        db.Rules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/alerts/rules/{rule.Id}", RuleResponse.From(rule));
    }

    public static async Task<Results<Ok<RuleResponse>, ValidationProblem, NotFound<ProblemDetails>>> UpdateAsync(Guid id, RuleRequest? request,
        CurrentUser user, AlertsDbContext db, RuleValidator validator, SecretProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        var rule = await db.Rules.FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == user.UserId, cancellationToken);
        if (rule is null)
        {
            return RuleNotFound();
        }

        SealedDestination? existing;
        try
        {
            existing = JsonSerializer.Deserialize<SealedDestination>(protector.Unprotect(rule.SealedDestination, rule.Id), AlertEvaluator.Json);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Sealed with a key this server no longer has: the edit must give the URL and secret again.
            existing = null;
        }
        var (valid, errors) = validator.Validate(request, existing, rule.DestinationType);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert rule is not valid");
        }

        Apply(rule, valid, protector, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RuleResponse.From(rule));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(Guid id, CurrentUser user, AlertsDbContext db,
        CancellationToken cancellationToken) =>
        await db.Rules.Where(r => r.Id == id && r.OwnerId == user.UserId).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : RuleNotFound();

    public static async Task<Results<Ok<DeliveryResponse>, NotFound<ProblemDetails>>> TestAsync(Guid id, CurrentUser user, AlertsDbContext db,
        AlertSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        var rule = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == user.UserId, cancellationToken);
        if (rule is null)
        {
            return RuleNotFound();
        }

        var now = time.GetUtcNow();
        var facts = new AlertFacts
        {
            Transition = AlertTransitions.Test, Repository = rule.Repository, Workflow = rule.Workflow, Branch = rule.Branch, OccurredAt = now,
        };
        var delivery = new AlertDelivery
        {
            Id = Guid.CreateVersion7(), RuleId = rule.Id, OwnerId = user.UserId, RuleName = rule.Name, Transition = AlertTransitions.Test,
            Repository = rule.Repository, Alert = JsonSerializer.Serialize(facts, AlertEvaluator.Json), NextAttemptAt = now, CreatedAt = now,
        };
        // Sent once, now, so the person sees the result; a failed test is recorded, not retried.
        sender.Record(delivery, await sender.SendOnceAsync(delivery, rule, cancellationToken), maxAttempts: 1);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DeliveryResponse.From(delivery));
    }

    private static void Apply(AlertRule rule, RuleValidator.ValidRule valid, SecretProtector protector, DateTimeOffset now)
    {
        rule.Name = valid.Name;
        rule.Repository = valid.Repository;
        rule.RepositoryKey = valid.Repository.ToLowerInvariant();
        rule.Branch = valid.Branch;
        rule.Workflow = valid.Workflow;
        rule.Events = valid.Events;
        rule.QueuedMinutes = valid.QueuedMinutes;
        rule.DestinationType = valid.DestinationType;
        rule.DestinationHost = valid.Url is null ? null : new Uri(valid.Url).Host;
        rule.DestinationAddress = valid.Address;
        rule.HasSecret = valid.Secret is not null;
        rule.SealedDestination = protector.Protect(JsonSerializer.Serialize(new SealedDestination(valid.Url, valid.Secret), AlertEvaluator.Json), rule.Id);
        rule.UpdatedAt = now;
    }

    private static NotFound<ProblemDetails> RuleNotFound() => TypedResults.NotFound(new ProblemDetails
    {
        Title = "Alert rule not found",
        Detail = "You have no alert rule with that id; it may have been deleted.",
        Status = StatusCodes.Status404NotFound,
    });
}
