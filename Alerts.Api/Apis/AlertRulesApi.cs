using System.Text.Json;
using Alerts.Api.Infrastructure;
using Alerts.Api.Model;
using Alerts.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Apis;

/// <summary><c>/api/alerts/rules</c>: the signed-in person's own rules and their teams' rules. Anyone else's rule (another
/// person's, or a team's they are not in) is answered 404, as if absent.</summary>
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

    public static async Task<Ok<List<RuleResponse>>> ListAsync(CurrentUser user, AlertsDbContext db, TeamMemberships memberships,
        CancellationToken cancellationToken)
    {
        // GitHubProxy.Api out of reach: the person's own rules still list; team rules come back with it.
        var teams = await TryTeamsAsync(memberships, user, fresh: false, cancellationToken) ?? [];
        var rules = await db.Rules.AsNoTracking().Where(Visible(user.UserId, teams)).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rules.Select(RuleResponse.From).ToList());
    }

    public static async Task<Results<Ok<RuleResponse>, NotFound<ProblemDetails>, ProblemHttpResult>> GetAsync(Guid id, CurrentUser user, AlertsDbContext db,
        TeamMemberships memberships, CancellationToken cancellationToken) =>
        await FindAsync(id, user, db, memberships, tracked: false, cancellationToken) switch
        {
            (AlertRule rule, _) => TypedResults.Ok(RuleResponse.From(rule)),
            (_, ProblemHttpResult problem) => problem,
            _ => RuleNotFound(),
        };

    public static async Task<Results<Created<RuleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(RuleRequest? request, CurrentUser user,
        AlertsDbContext db, RuleValidator validator, SecretProtector protector, TeamMemberships memberships, IOptionsMonitor<AlertsOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (valid, errors) = validator.Validate(request, null, null);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert rule is not valid");
        }

        if (valid.Team is { } team)
        {
            var teams = await TryTeamsAsync(memberships, user, fresh: true, cancellationToken);
            if (teams is null)
            {
                return TeamsUnavailable();
            }

            if (!teams.Contains(team))
            {
                return NotAMember(team);
            }
        }

        var max = options.CurrentValue.MaxRulesPerUser;
        if (await db.Rules.CountAsync(r => r.OwnerId == user.UserId, cancellationToken) >= max)
        {
            return TypedResults.Problem(title: "Too many alert rules", detail: $"You have {max} alert rules, the most allowed; delete one first.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var rule = new AlertRule { Id = Guid.CreateVersion7(), OwnerId = user.UserId, CreatedAt = now };
        Apply(rule, valid, protector, user.UserId, now);
        db.Rules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/alerts/rules/{rule.Id}", RuleResponse.From(rule));
    }

    public static async Task<Results<Ok<RuleResponse>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> UpdateAsync(Guid id, RuleRequest? request,
        CurrentUser user, AlertsDbContext db, RuleValidator validator, SecretProtector protector, TeamMemberships memberships, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (rule, problem) = await FindAsync(id, user, db, memberships, tracked: true, cancellationToken);
        if (rule is null)
        {
            return problem is null ? RuleNotFound() : problem;
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

        if (valid.Team is { } team && team != rule.Team)
        {
            // Moved to a team: only into one of the caller's own.
            var teams = await TryTeamsAsync(memberships, user, fresh: true, cancellationToken);
            if (teams is null)
            {
                return TeamsUnavailable();
            }

            if (!teams.Contains(team))
            {
                return NotAMember(team);
            }
        }
        else if (valid.Team is null && rule.Team is not null)
        {
            // A team rule taken back by one member becomes that member's own.
            rule.OwnerId = user.UserId;
        }

        Apply(rule, valid, protector, user.UserId, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RuleResponse.From(rule));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>, ProblemHttpResult>> DeleteAsync(Guid id, CurrentUser user, AlertsDbContext db,
        TeamMemberships memberships, CancellationToken cancellationToken)
    {
        var (rule, problem) = await FindAsync(id, user, db, memberships, tracked: false, cancellationToken);
        if (rule is null)
        {
            return problem is null ? RuleNotFound() : problem;
        }

        return await db.Rules.Where(r => r.Id == rule.Id).ExecuteDeleteAsync(cancellationToken) > 0 ? TypedResults.NoContent() : RuleNotFound();
    }

    public static async Task<Results<Ok<DeliveryResponse>, NotFound<ProblemDetails>, ProblemHttpResult>> TestAsync(Guid id, CurrentUser user, AlertsDbContext db,
        TeamMemberships memberships, AlertSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        var (rule, problem) = await FindAsync(id, user, db, memberships, tracked: false, cancellationToken);
        if (rule is null)
        {
            return problem is null ? RuleNotFound() : problem;
        }

        var now = time.GetUtcNow();
        var facts = new AlertFacts
        {
            Transition = AlertTransitions.Test, Repository = rule.Repository, Workflow = rule.Workflow, Branch = rule.Branch, OccurredAt = now,
        };
        var delivery = new AlertDelivery
        {
            Id = Guid.CreateVersion7(), RuleId = rule.Id, OwnerId = user.UserId, Team = rule.Team, RuleName = rule.Name, Transition = AlertTransitions.Test,
            Repository = rule.Repository, Alert = JsonSerializer.Serialize(facts, AlertEvaluator.Json), NextAttemptAt = now, CreatedAt = now,
        };
        // Sent once, now, so the person sees the result; a failed test is recorded, not retried.
        sender.Record(delivery, await sender.SendOnceAsync(delivery, rule, cancellationToken), maxAttempts: 1);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DeliveryResponse.From(delivery));
    }

    /// <summary>What the caller sees: their own personal rules, and every rule of a team they are in.</summary>
    public static System.Linq.Expressions.Expression<Func<AlertRule, bool>> Visible(long userId, string[] teams) =>
        r => r.Team == null ? r.OwnerId == userId : teams.Contains(r.Team);

    /// <summary>The caller's teams, or null when GitHubProxy.Api cannot be asked.</summary>
    public static async Task<string[]?> TryTeamsAsync(TeamMemberships memberships, CurrentUser user, bool fresh, CancellationToken cancellationToken)
    {
        try
        {
            return [.. await memberships.TeamsOfAsync(user.UserId, fresh, cancellationToken)];
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The rule if the caller may see it; else no rule, and a 503 problem when that may only be because their teams
    /// could not be read.</summary>
    private static async Task<(AlertRule? Rule, ProblemHttpResult? Problem)> FindAsync(Guid id, CurrentUser user, AlertsDbContext db,
        TeamMemberships memberships, bool tracked, CancellationToken cancellationToken)
    {
        var rules = tracked ? db.Rules : db.Rules.AsNoTracking();
        var rule = await rules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return (null, null);
        }

        if (rule.Team is null)
        {
            return rule.OwnerId == user.UserId ? (rule, null) : (null, null);
        }

        // Membership is read afresh: someone who just left the team no longer edits its rules.
        var teams = await TryTeamsAsync(memberships, user, fresh: true, cancellationToken);
        return teams is null ? (null, TeamsUnavailable()) : teams.Contains(rule.Team) ? (rule, null) : (null, null);
    }

    private static ValidationProblem NotAMember(string team) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["team"] = [$"You are not a member of {team} (as GitHub lists your teams)."] },
        title: "The alert rule is not valid");

    private static ProblemHttpResult TeamsUnavailable() => TypedResults.Problem(title: "Teams unavailable",
        detail: "Your GitHub teams could not be read just now; try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static void Apply(AlertRule rule, RuleValidator.ValidRule valid, SecretProtector protector, long savedBy, DateTimeOffset now)
    {
        rule.Team = valid.Team;
        rule.SavedBy = savedBy;
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
