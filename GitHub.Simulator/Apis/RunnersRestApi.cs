using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitHub.Simulator.Apis;

/// <summary>
/// GitHub's list of a repository's self-hosted runners, and the control API's switch that takes one offline or back.
/// Listing needs admin rights on the repository, as on GitHub: a user with less gets 403, one who cannot see a private
/// repository 404; an installation of the repository's owner may list them (its <c>administration: read</c>).
/// </summary>
public static class RunnersRestApi
{
    public const string Docs = "https://docs.github.com/rest/actions/self-hosted-runners#list-self-hosted-runners-for-a-repository";

    public static IEndpointRouteBuilder MapRunnersRestApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").AddEndpointFilter<RestEndpointFilter>().WithTags("GitHub REST")
            .MapGet("/repos/{owner}/{repo}/actions/runners", ListRunners).WithMetadata(RestAccess.Token);
        app.MapGroup("/_simulator").WithTags("Simulator control")
            .MapPost("/repositories/{owner}/{repo}/runners/{name}", SetRunner);
        return app;
    }

    /// <summary><c>{"total_count": n, "runners": [...]}</c>, paged; <c>?name=</c> filters by exact name.</summary>
    public static GitHubResult ListRunners(string owner, string repo, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo) is not { } repository || !World.CanSee(caller, repository))
            {
                return GitHubResult.NotFound(Docs);
            }
            var allowed = caller.Kind switch
            {
                CallerKind.User => World.RoleOf(caller.User!, repository) >= RepositoryRole.Admin,
                CallerKind.Installation => caller.Installation!.Account == repository.Owner,
                _ => false,
            };
            if (!allowed)
            {
                return GitHubResult.Error(StatusCodes.Status403Forbidden,
                    caller.Kind == CallerKind.Installation ? "Resource not accessible by integration" : "Must have admin rights to Repository.", Docs);
            }
            var name = http.Request.Query["name"].ToString();
            var runners = repository.Runners.Where(r => name.Length == 0 || r.Name == name).ToList();
            var busy = World.BusyRunners(repository);
            var paging = Paging.From(http.Request);
            var body = new JsonObject
            {
                ["total_count"] = runners.Count,
                ["runners"] = new JsonArray(paging.Slice(runners).Select(r => (JsonNode?)Shape(r, busy.Contains(r))).ToArray()),
            };
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, urls.ForRequest(http.Request), runners.Count));
        }
    }

    /// <summary>Takes a runner offline (<c>{"online": false}</c>) or brings it back; a job it ran stays as it was.</summary>
    public static Results<Ok<JsonObject>, NotFound<ProblemDetails>, ValidationProblem> SetRunner(string owner, string repo, string name,
        SetRunnerRequest request, World world)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Online is not { } online)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["online"] = ["Say whether the runner is online: true or false."] });
        }
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo)?.Runners.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is not { } runner)
            {
                return TypedResults.NotFound(new ProblemDetails
                {
                    Title = "No such runner", Detail = $"'{owner}/{repo}' has no runner '{name}'; see GET /_simulator/world.", Status = 404,
                });
            }
            runner.Online = online;
            return TypedResults.Ok(Shape(runner, World.BusyRunners(world.FindRepository(owner, repo)!).Contains(runner)));
        }
    }

    private static JsonObject Shape(SelfHostedRunner runner, bool busy)
    {
        var labels = new JsonArray();
        var id = runner.Id * 100;
        foreach (var label in runner.ReadOnlyLabels)
        {
            labels.Add(new JsonObject { ["id"] = ++id, ["name"] = label, ["type"] = "read-only" });
        }
        foreach (var label in runner.CustomLabels)
        {
            labels.Add(new JsonObject { ["id"] = ++id, ["name"] = label, ["type"] = "custom" });
        }
        return new JsonObject
        {
            ["id"] = runner.Id,
            ["runner_group_id"] = 1,
            ["name"] = runner.Name,
            ["os"] = runner.Os,
            ["status"] = runner.Online ? "online" : "offline",
            ["busy"] = runner.Online && busy,
            ["ephemeral"] = false,
            ["labels"] = labels,
        };
    }
}

public sealed record SetRunnerRequest(bool? Online);
