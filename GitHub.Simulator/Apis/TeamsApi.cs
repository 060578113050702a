namespace GitHub.Simulator.Apis;

/// <summary>
/// <c>GET /user/teams</c>, GitHub's "List teams for the authenticated user" (a user token only; paged with <c>Link</c>;
/// each a full team with its <c>organization</c>), and the control routes that change a team's members:
/// <c>PUT</c>/<c>DELETE /_simulator/teams/{org}/{team_slug}/members/{login}</c>.
/// </summary>
/// <remarks>https://docs.github.com/rest/teams/teams#list-teams-for-the-authenticated-user. A GitHub App's user token
/// needs the organisation permission "Members: read" for it; the simulator answers as if the app has it.</remarks>
public static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").AddEndpointFilter<RestEndpointFilter>().WithTags("GitHub REST")
            .MapGet("/user/teams", ListTeamsForUser).WithMetadata(RestAccess.User);
        var control = app.MapGroup("/_simulator/teams").WithTags("Simulator control");
        control.MapPut("/{org}/{team_slug}/members/{login}", (string org, string team_slug, string login, TeamDirectory teams) =>
            SetMember(org, team_slug, login, teams, member: true));
        control.MapDelete("/{org}/{team_slug}/members/{login}", (string org, string team_slug, string login, TeamDirectory teams) =>
            SetMember(org, team_slug, login, teams, member: false));
        return app;
    }

    public static GitHubResult ListTeamsForUser(HttpContext http, TeamDirectory teams, SimulatorUrls urls)
    {
        var user = RestEndpointFilter.CallerOf(http).User!;
        var b = urls.ForRequest(http.Request);
        lock (teams.World.Sync)
        {
            var all = teams.TeamsOf(user);
            var paging = Paging.From(http.Request);
            var body = new JsonArray(paging.Slice(all).Select(t => (JsonNode?)TeamShapes.FullTeam(t, b)).ToArray());
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, all.Count));
        }
    }

    private static IResult SetMember(string org, string slug, string login, TeamDirectory teams, bool member)
    {
        lock (teams.World.Sync)
        {
            if (teams.Find(org, slug) is not { } team)
            {
                return Results.Problem(title: "No such team", detail: $"There is no team {org}/{slug}.", statusCode: StatusCodes.Status404NotFound);
            }

            if (teams.World.FindAccount(login) is not { IsOrganization: false } user)
            {
                return Results.Problem(title: "No such user", detail: $"There is no user {login}.", statusCode: StatusCodes.Status404NotFound);
            }

            if (member)
            {
                team.Members.Add(user.Login);
            }
            else
            {
                team.Members.Remove(user.Login);
            }

            return Results.Json(new { organization = team.Organization.Login, slug = team.Slug, members = team.Members.Order(StringComparer.OrdinalIgnoreCase).ToArray() });
        }
    }
}
