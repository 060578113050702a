using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Apis;

/// <summary>
/// The simulator's own control API under <c>/_simulator/</c>, for tests and people. It has NO authentication and
/// hands out state freely: it is a test tool and must never be reachable from outside a development machine.
/// </summary>
public static class ControlApi
{
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_simulator").WithTags("Simulator control");
        control.MapGet("/world", GetWorld);
        control.MapPost("/repositories", CreateRepository);
        control.MapPost("/repositories/{owner}/{repo}/rename", RenameRepository);
        control.MapDelete("/repositories/{owner}/{repo}", DeleteRepository);
        control.MapPut("/repositories/{owner}/{repo}/workflows/{id:long}/content", SetWorkflowContent);
        control.MapPost("/runs", StartRun);
        control.MapPost("/runs/{id:long}/advance", AdvanceRun);
        control.MapPost("/runs/{id:long}/complete", CompleteRun);
        control.MapGet("/deliveries", ListDeliveries);
        control.MapGet("/deliveries/{id}", GetDelivery);
        control.MapPost("/deliveries/{id}/redeliver", Redeliver);
        control.MapGet("/requests", GetRequests);
        control.MapDelete("/requests", ClearRequests);
        control.MapPost("/rate-limit", SetRateLimit);
        control.MapPost("/tokens/expire", ExpireTokens);
        control.MapPost("/scenario", SetScenario);
        control.MapPost("/scenario/step", StepScenario);
        return app;
    }

    /// <summary>
    /// Creates a repository as GitHub does: a new id, never one a deleted repository had, so a repository created under a
    /// deleted one's name is another repository. It gets one workflow, <c>CI</c>, and no runs.
    /// </summary>
    public static Results<Created<JsonObject>, ProblemHttpResult> CreateRepository(CreateRepositoryRequest request, World world, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsRepositoryName(request.Name))
        {
            return BadRepository($"'{request.Name}' is not a repository name (1-100 of A-Z, a-z, 0-9, '.', '_' and '-').");
        }
        var roles = new Dictionary<string, RepositoryRole>(StringComparer.OrdinalIgnoreCase);
        lock (world.Sync)
        {
            if (world.FindAccount(request.Owner) is not { } owner)
            {
                return BadRepository($"There is no user or organisation '{request.Owner}'; see GET /_simulator/world.");
            }
            foreach (var (login, role) in request.Permissions ?? [])
            {
                if (world.FindAccount(login) is not { IsOrganization: false })
                {
                    return BadRepository($"'{login}' is not a user.");
                }
                if (!Enum.TryParse<RepositoryRole>(role, ignoreCase: true, out var parsed) || parsed == RepositoryRole.None)
                {
                    return BadRepository($"'{role}' is not a permission (pull, triage, push, maintain or admin).");
                }
                roles[login] = parsed;
            }
            if (world.CreateRepository(owner, request.Name!, request.Private ?? true, roles, time.GetUtcNow()) is not { } repository)
            {
                return TypedResults.Problem(title: "The name is taken", detail: $"'{request.Owner}/{request.Name}' already exists.",
                    statusCode: StatusCodes.Status409Conflict);
            }
            return TypedResults.Created($"/repos/{repository.FullName}", DescribeRepository(repository));
        }
    }

    /// <summary>Renames a repository in place: the same id, runs and permissions under the new name.</summary>
    public static Results<Ok<JsonObject>, ProblemHttpResult> RenameRepository(string owner, string repo, RenameRepositoryRequest request, World world,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsRepositoryName(request.Name))
        {
            return BadRepository($"'{request.Name}' is not a repository name (1-100 of A-Z, a-z, 0-9, '.', '_' and '-').");
        }
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo) is not { } repository)
            {
                return RepositoryNotFound(owner, repo);
            }
            if (!world.RenameRepository(repository, request.Name!, time.GetUtcNow()))
            {
                return TypedResults.Problem(title: "The name is taken", detail: $"'{owner}/{request.Name}' already exists.",
                    statusCode: StatusCodes.Status409Conflict);
            }
            return TypedResults.Ok(DescribeRepository(repository));
        }
    }

    /// <summary>Deletes a repository with its runs and jobs; its name is free again.</summary>
    public static Results<NoContent, ProblemHttpResult> DeleteRepository(string owner, string repo, World world)
    {
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo) is not { } repository)
            {
                return RepositoryNotFound(owner, repo);
            }
            world.DeleteRepository(repository);
            return TypedResults.NoContent();
        }
    }

    private static bool IsRepositoryName(string? name) =>
        name is { Length: >= 1 and <= 100 } && name is not "." and not ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ProblemHttpResult BadRepository(string detail) =>
        TypedResults.Problem(title: "Invalid repository", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult RepositoryNotFound(string owner, string repo) =>
        TypedResults.Problem(title: "No such repository", detail: $"There is no repository '{owner}/{repo}'; see GET /_simulator/world.",
            statusCode: StatusCodes.Status404NotFound);

    /// <summary>Replaces a workflow's file (the request's body, any text, valid YAML or not) at every branch, as a push would.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SetWorkflowContent(string owner, string repo, long id, HttpContext http, World world)
    {
        using var reader = new StreamReader(http.Request.Body);
        var content = await reader.ReadToEndAsync(http.RequestAborted);
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo)?.Workflows.FirstOrDefault(w => w.Id == id) is not { } workflow)
            {
                return TypedResults.Problem(title: "No such workflow", detail: $"'{owner}/{repo}' has no workflow {id}; see GET /_simulator/world.",
                    statusCode: StatusCodes.Status404NotFound);
            }
            workflow.Content = content;
        }
        return TypedResults.NoContent();
    }

    /// <summary>Starts a run; every field is optional (first repository with a workflow, its default branch, a push by a writer).</summary>
    public static Results<Created<JsonObject>, ProblemHttpResult> StartRun(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartRunRequest? request, HttpContext http, RunLifecycle lifecycle, SimulatorUrls urls)
    {
        request ??= new StartRunRequest(null, null, null, null, null, null);
        string? problem = null;
        var run = lifecycle.Start(world => ResolveSpec(world, request, out problem));
        if (run is null)
        {
            return TypedResults.Problem(title: "The run cannot be started", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }
        var body = lifecycle.Read(_ => GitHubShapes.Run(run, urls.ForRequest(http.Request)));
        return TypedResults.Created($"/repos/{run.Repository.FullName}/actions/runs/{run.Id}", body);
    }

    private static StartRunSpec? ResolveSpec(World world, StartRunRequest request, out string? problem)
    {
        problem = null;
        Repository? repository;
        if (request.Repository is { } fullName)
        {
            var parts = fullName.Split('/');
            repository = parts.Length == 2 ? world.FindRepository(parts[0], parts[1]) : null;
            if (repository is null)
            {
                problem = $"There is no repository '{fullName}'; see GET /_simulator/world.";
                return null;
            }
        }
        else
        {
            repository = world.Repositories.FirstOrDefault(r => r.Workflows.Count > 0);
        }
        var workflow = request.WorkflowId is { } workflowId
            ? repository?.Workflows.FirstOrDefault(w => w.Id == workflowId)
            : repository?.Workflows.FirstOrDefault();
        if (repository is null || workflow is null)
        {
            problem = $"'{repository?.FullName}' has no workflow {request.WorkflowId}; see GET /_simulator/world.";
            return null;
        }
        var actor = request.Actor is { } login
            ? world.FindAccount(login)
            : repository.Roles.Where(r => r.Value >= RepositoryRole.Push).Select(r => world.FindAccount(r.Key)).FirstOrDefault() ?? world.DefaultUser;
        if (actor is null || actor.IsOrganization)
        {
            problem = $"There is no user '{request.Actor}'.";
            return null;
        }
        var conclusion = request.Conclusion ?? Conclusion.Success;
        if (!Conclusion.All.Contains(conclusion))
        {
            problem = $"'{conclusion}' is not a conclusion (success, failure, cancelled, skipped, timed_out, neutral).";
            return null;
        }
        return new StartRunSpec(workflow, request.Branch ?? repository.DefaultBranch, request.Event ?? "push", actor, conclusion,
            WorldLoader.PickCommitMessage(world.Random));
    }

    public static Results<Ok<JsonObject>, NotFound<ProblemDetails>, Conflict<JsonObject>> AdvanceRun(long id, HttpContext http,
        RunLifecycle lifecycle, SimulatorUrls urls)
    {
        var (found, changed, body) = ChangeRun(id, http, lifecycle, urls, run => lifecycle.Advance(run));
        return !found ? RunNotFound(id) : changed ? TypedResults.Ok(body!) : TypedResults.Conflict(body!);
    }

    public static Results<Ok<JsonObject>, NotFound<ProblemDetails>, Conflict<JsonObject>, ProblemHttpResult> CompleteRun(long id, string? conclusion,
        HttpContext http, RunLifecycle lifecycle, SimulatorUrls urls)
    {
        conclusion ??= Conclusion.Success;
        if (!Conclusion.All.Contains(conclusion))
        {
            return TypedResults.Problem(title: "Unknown conclusion", detail: $"'{conclusion}' is not a conclusion (success, failure, cancelled, ...).",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var (found, changed, body) = ChangeRun(id, http, lifecycle, urls, run => lifecycle.Complete(run, conclusion));
        return !found ? RunNotFound(id) : changed ? TypedResults.Ok(body!) : TypedResults.Conflict(body!);
    }

    /// <summary>A completed run does not move any more: the handlers answer 409 with the run as it is.</summary>
    private static (bool Found, bool Changed, JsonObject? Body) ChangeRun(long id, HttpContext http, RunLifecycle lifecycle, SimulatorUrls urls,
        Func<WorkflowRun, bool> change)
    {
        if (lifecycle.Read(w => w.FindRun(id)) is not { } run)
        {
            return (false, false, null);
        }
        var changed = change(run);
        return (true, changed, lifecycle.Read(_ => GitHubShapes.Run(run, urls.ForRequest(http.Request))));
    }

    private static NotFound<ProblemDetails> RunNotFound(long id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "No such run", Detail = $"There is no workflow run {id}.", Status = 404 });

    public static Ok<JsonArray> ListDeliveries(string? @event, long? run_id, DeliveryLog log)
    {
        var list = new JsonArray();
        foreach (var (record, state, attempts) in log.Snapshot())
        {
            if ((@event is null || record.Webhook.Event == @event) && (run_id is null || record.Webhook.RunId == run_id))
            {
                list.Add(Describe(record, state, attempts));
            }
        }
        return TypedResults.Ok(list);
    }

    public static Results<Ok<JsonObject>, NotFound<ProblemDetails>> GetDelivery(string id, DeliveryLog log)
    {
        var found = log.Snapshot().FirstOrDefault(d => d.Record.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        if (found.Record is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such delivery", Detail = $"There is no delivery '{id}'.", Status = 404 });
        }
        var json = Describe(found.Record, found.State, found.Attempts);
        json["payload"] = JsonNode.Parse(found.Record.Webhook.Body);
        return TypedResults.Ok(json);
    }

    public static Results<Accepted<JsonObject>, NotFound<ProblemDetails>> Redeliver(string id, WebhookSender sender) =>
        sender.Redeliver(id)
            ? TypedResults.Accepted((string?)null, new JsonObject { ["id"] = id, ["state"] = DeliveryState.Queued })
            : TypedResults.NotFound(new ProblemDetails { Title = "No such delivery", Detail = $"There is no delivery '{id}' (or it is too old).", Status = 404 });

    private static JsonObject Describe(DeliveryRecord record, string state, IReadOnlyList<DeliveryAttempt> attempts) => new()
    {
        ["id"] = record.Id,
        ["sequence"] = record.Sequence,
        ["event"] = record.Webhook.Event,
        ["action"] = record.Webhook.Action,
        ["repository"] = record.Webhook.Repository,
        ["run_id"] = record.Webhook.RunId,
        ["job_id"] = record.Webhook.JobId,
        ["state"] = state,
        ["created_at"] = GitHubShapes.Timestamp(record.CreatedAt),
        ["attempts"] = new JsonArray(attempts.Select(a => (JsonNode?)new JsonObject
        {
            ["at"] = a.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["status_code"] = a.StatusCode,
            ["duration_ms"] = Math.Round(a.DurationMs, 1),
            ["error"] = a.Error,
            ["redelivery"] = a.Redelivery,
            ["duplicate"] = a.Duplicate,
        }).ToArray()),
    };

    public static Ok<JsonObject> GetRequests(RequestLog log)
    {
        var (total, byRoute, byToken, byStatus, recent) = log.Snapshot();
        var routes = new JsonObject();
        foreach (var (route, count) in byRoute)
        {
            routes[route] = count;
        }
        var tokens = new JsonObject();
        foreach (var (token, count) in byToken)
        {
            tokens[token] = count;
        }
        var statuses = new JsonObject();
        foreach (var (status, count) in byStatus)
        {
            statuses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = count;
        }
        return TypedResults.Ok(new JsonObject
        {
            ["total"] = total,
            ["by_route"] = routes,
            ["by_token"] = tokens,
            ["by_status"] = statuses,
            ["recent"] = new JsonArray(recent.Select(r => (JsonNode?)new JsonObject
            {
                ["at"] = r.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["route"] = r.Route,
                ["path"] = r.Path,
                ["token"] = r.TokenId,
                ["status_code"] = r.StatusCode,
            }).ToArray()),
        });
    }

    public static NoContent ClearRequests(RequestLog log)
    {
        log.Clear();
        return TypedResults.NoContent();
    }

    public static Results<Ok<JsonObject>, ProblemHttpResult> SetRateLimit(RateLimitRequest request, RateLimiter limiter, IOptionsMonitor<SimulatorOptions> options)
    {
        var key = request.TokenId ?? (request.Token is { } token ? TokenStore.TokenId(token) : null);
        if (request.Remaining is null && request.Secondary is null)
        {
            return TypedResults.Problem(title: "Nothing to change", detail: "Send \"remaining\" (with \"token\" or \"token_id\") and/or \"secondary\".",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (request.Remaining is { } remaining)
        {
            if (key is null)
            {
                return TypedResults.Problem(title: "Which token?", detail: "\"remaining\" needs \"token\" or \"token_id\".", statusCode: StatusCodes.Status400BadRequest);
            }
            var settings = options.CurrentValue.RateLimit;
            limiter.SetRemaining(key, key.StartsWith("ghs:", StringComparison.Ordinal) ? settings.InstallationPerHour : settings.PerHour, remaining);
        }
        if (request.Secondary is { } secondary)
        {
            limiter.SetSecondary(key, secondary);
        }
        var (everyone, limitedKeys, buckets) = limiter.Describe();
        var budgets = new JsonObject();
        foreach (var (bucketKey, budget) in buckets)
        {
            budgets[bucketKey] = new JsonObject
            {
                ["limit"] = budget.Limit,
                ["remaining"] = budget.Remaining,
                ["used"] = budget.Used,
                ["reset"] = budget.Reset.ToUnixTimeSeconds(),
            };
        }
        return TypedResults.Ok(new JsonObject
        {
            ["secondary_for_everyone"] = everyone,
            ["secondary_tokens"] = new JsonArray(limitedKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["budgets"] = budgets,
        });
    }

    public static Ok<JsonObject> ExpireTokens(TokenStore tokens) =>
        TypedResults.Ok(new JsonObject { ["expired"] = tokens.ExpireAllUserTokens() });

    public static Ok<JsonObject> SetScenario(ScenarioRequest request, ScenarioEngine scenario)
    {
        scenario.SetEnabled(request.Enabled);
        return TypedResults.Ok(new JsonObject { ["enabled"] = scenario.Enabled, ["steps"] = scenario.Steps });
    }

    public static Ok<JsonObject> StepScenario(ScenarioEngine scenario)
    {
        var started = scenario.Step();
        return TypedResults.Ok(new JsonObject
        {
            ["steps"] = scenario.Steps,
            ["started_run_ids"] = new JsonArray(started.Select(r => (JsonNode?)JsonValue.Create(r.Id)).ToArray()),
        });
    }

    public static Ok<JsonObject> GetWorld(World world, TokenStore tokens, ScenarioEngine scenario, IOptionsMonitor<SimulatorOptions> options)
    {
        var settings = options.CurrentValue;
        var (accessTokens, refreshTokens, installationTokens) = tokens.Counts();
        lock (world.Sync)
        {
            return TypedResults.Ok(new JsonObject
            {
                ["default_user"] = world.DefaultUserLogin,
                ["users"] = new JsonArray(world.Users.Select(u => (JsonNode?)new JsonObject
                {
                    ["login"] = u.Login, ["id"] = u.Id, ["name"] = u.Name,
                }).ToArray()),
                ["organizations"] = new JsonArray(world.Organizations.Select(o => (JsonNode?)new JsonObject
                {
                    ["login"] = o.Login, ["id"] = o.Id,
                }).ToArray()),
                ["repositories"] = new JsonArray(world.Repositories.Select(r => (JsonNode?)DescribeRepository(r)).ToArray()),
                ["installations"] = new JsonArray(world.Installations.Select(i => (JsonNode?)new JsonObject
                {
                    ["id"] = i.Id, ["account"] = i.Account.Login,
                }).ToArray()),
                ["tokens"] = new JsonObject
                {
                    ["live_access_tokens"] = accessTokens,
                    ["refresh_tokens"] = refreshTokens,
                    ["live_installation_tokens"] = installationTokens,
                },
                ["scenario"] = new JsonObject { ["enabled"] = scenario.Enabled, ["steps"] = scenario.Steps, ["step_seconds"] = settings.Scenario.StepSeconds },
                ["webhook_url"] = settings.WebhookUrl,
                ["webhook_secret_configured"] = !string.IsNullOrEmpty(settings.WebhookSecret),
                ["app_id"] = settings.App.NumericId,
                ["client_id"] = settings.ClientId,
            });
        }
    }

    /// <summary>A repository as <c>GET /_simulator/world</c> lists it (under the world's lock).</summary>
    private static JsonObject DescribeRepository(Repository r) => new()
    {
        ["full_name"] = r.FullName,
        ["id"] = r.Id,
        ["private"] = r.Private,
        ["default_branch"] = r.DefaultBranch,
        ["branches"] = new JsonArray(r.Branches.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
        ["permissions"] = RolesOf(r),
        ["workflows"] = new JsonArray(r.Workflows.Select(w => (JsonNode?)new JsonObject
        {
            ["id"] = w.Id, ["name"] = w.Name, ["path"] = w.Path,
            ["jobs"] = new JsonArray(w.Jobs.Select(j => (JsonNode?)JsonValue.Create(j.Name)).ToArray()),
        }).ToArray()),
        ["runs"] = r.Runs.Count,
        ["live_runs"] = r.Runs.Count(run => !run.IsCompleted),
        ["runners"] = new JsonArray(r.Runners.Select(runner => (JsonNode?)new JsonObject
        {
            ["id"] = runner.Id, ["name"] = runner.Name, ["online"] = runner.Online,
        }).ToArray()),
    };

    private static JsonObject RolesOf(Repository repository)
    {
        var json = new JsonObject();
        foreach (var (login, role) in repository.Roles.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            json[login] = JsonNamingPolicy.SnakeCaseLower.ConvertName(role.ToString());
        }
        return json;
    }
}
