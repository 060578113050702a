using Alerts.Api.Infrastructure;
using Alerts.Api.Model;
using Alerts.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alerts.Api.Apis;

/// <summary><c>GET /api/alerts/deliveries</c>: the signed-in person's alert history (and their teams' rules'), newest first.</summary>
public static class AlertDeliveriesApi
{
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapAlertDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts/deliveries", ListAsync).RequireAuthorization().WithTags("Alert deliveries")
            .WithSummary("Your alerts' deliveries, newest first: status, attempts, the destination's last answer.");
        return app;
    }

    public static async Task<Results<Ok<List<DeliveryResponse>>, ProblemHttpResult>> ListAsync(CurrentUser user, AlertsDbContext db,
        TeamMemberships memberships, Guid? ruleId, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(title: "Bad limit", detail: $"limit must be from 1 to {MaxLimit}.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Personal rules' deliveries to their owner, team rules' to every member of the team.
        var teams = await AlertRulesApi.TryTeamsAsync(memberships, user, fresh: false, cancellationToken) ?? [];
        var me = user.UserId;
        var query = db.Deliveries.AsNoTracking().Where(d => d.Team == null ? d.OwnerId == me : teams.Contains(d.Team));
        if (ruleId is { } id)
        {
            query = query.Where(d => d.RuleId == id);
        }

        var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit ?? 50).ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.Select(DeliveryResponse.From).ToList());
    }
}
