namespace GitHubProxy.Api.Apis;

/// <summary>Everything under <c>/api</c>: signed in through the gateway's identity token, described at <c>/api/openapi.json</c>.</summary>
public static class Api
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapUserApi();
        api.MapRunsApi();
        api.MapControlsApi();
        api.MapJobFailureApi();
        api.MapDashboardApi();
        api.MapInsightsApi();
        api.MapRunnersApi();
        app.MapOpenApi("/api/openapi.json").RequireAuthorization()
            .WithSummary("This OpenAPI document of the /api routes.")
            .WithTags("OpenAPI");
        return app;
    }
}
