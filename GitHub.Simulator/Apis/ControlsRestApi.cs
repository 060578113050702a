using System.Globalization;
using System.Text;

namespace GitHub.Simulator.Apis;

/// <summary>
/// GitHub's REST endpoints behind the dashboard's controls: a workflow file's content at a ref, the workflow dispatch
/// event (checked against the file's declared inputs, as GitHub checks it), and the pending deployments of a run that
/// waits for an environment's required reviewers.
/// </summary>
public static class ControlsRestApi
{
    public const string ContentsDocs = "https://docs.github.com/rest/repos/contents#get-repository-content";
    public const string DispatchDocs = "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event";
    public const string PendingDeploymentsDocs = "https://docs.github.com/rest/actions/workflow-runs#review-pending-deployments-for-a-workflow-run";

    /// <summary>GitHub's limit on the inputs of a <c>workflow_dispatch</c> event.</summary>
    public const int MaxInputs = 10;

    public static IEndpointRouteBuilder MapControlsRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").AddEndpointFilter<RestEndpointFilter>().WithTags("GitHub REST");
        api.MapGet("/repos/{owner}/{repo}/contents/{**path}", GetContent).WithMetadata(RestAccess.Public);
        api.MapPost("/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", CreateDispatch).WithMetadata(RestAccess.Token);
        api.MapGet("/repos/{owner}/{repo}/actions/runs/{run_id:long}/pending_deployments", ListPendingDeployments).WithMetadata(RestAccess.Public);
        api.MapPost("/repos/{owner}/{repo}/actions/runs/{run_id:long}/pending_deployments", ReviewPendingDeployments).WithMetadata(RestAccess.Token);
        return app;
    }

    /// <summary>
    /// A file's content object (base64 in lines of 60, as GitHub sends it) at <c>ref</c> (a branch; default: the default
    /// branch). Only workflow files exist; an unknown ref is 404 <c>No commit found for the ref ...</c>.
    /// </summary>
    public static GitHubResult GetContent(string owner, string repo, string path, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository)
            {
                return GitHubResult.NotFound(ContentsDocs);
            }
            var gitRef = http.Request.Query["ref"].ToString();
            var branch = string.IsNullOrEmpty(gitRef) ? repository.DefaultBranch : BranchOf(repository, gitRef);
            if (branch is null)
            {
                return GitHubResult.Error(StatusCodes.Status404NotFound, $"No commit found for the ref {gitRef}", ContentsDocs);
            }
            if (repository.Workflows.FirstOrDefault(w => w.Path == path) is not { } workflow)
            {
                return GitHubResult.NotFound(ContentsDocs);
            }
            var bytes = Encoding.UTF8.GetBytes(workflow.Content);
            var base64 = Convert.ToBase64String(bytes);
            var lines = new StringBuilder();
            for (var index = 0; index < base64.Length; index += 60)
            {
                lines.Append(base64, index, Math.Min(60, base64.Length - index)).Append('\n');
            }
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(
                Encoding.UTF8.GetBytes($"blob {bytes.Length}\0{workflow.Content}")));
            var api = $"{b}/repos/{repository.FullName}";
            var self = $"{api}/contents/{workflow.Path}?ref={Uri.EscapeDataString(branch)}";
            var html = $"{b}/{repository.FullName}/blob/{branch}/{workflow.Path}";
            return GitHubResult.Ok(new JsonObject
            {
                ["name"] = workflow.FileName,
                ["path"] = workflow.Path,
                ["sha"] = sha,
                ["size"] = bytes.Length,
                ["url"] = self,
                ["html_url"] = html,
                ["git_url"] = $"{api}/git/blobs/{sha}",
                ["download_url"] = $"{b}/{repository.FullName}/raw/{branch}/{workflow.Path}",
                ["type"] = "file",
                ["content"] = lines.ToString(),
                ["encoding"] = "base64",
                ["_links"] = new JsonObject { ["self"] = self, ["git"] = $"{api}/git/blobs/{sha}", ["html"] = html },
            });
        }
    }

    /// <summary>
    /// 204 and a new <c>workflow_dispatch</c> run (queued, or waiting for the workflow's environment), its webhooks
    /// delivered like any run's; 422 with GitHub's wording for a missing or unknown ref, a workflow without the trigger,
    /// an unexpected or missing required input, or a choice outside its options.
    /// </summary>
    public static async Task<GitHubResult> CreateDispatch(string owner, string repo, string workflow_id, HttpContext http, World world, RunLifecycle lifecycle)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return GitHubResult.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON", DispatchDocs);
        }
        var caller = RestEndpointFilter.CallerOf(http);
        string? problem = null;
        var notFound = false;
        var run = lifecycle.Start(w =>
        {
            if (Visible(w, caller, owner, repo) is not { } repository || World.FindWorkflow(repository, workflow_id) is not { } workflow)
            {
                notFound = true;
                return null;
            }
            if (!World.CanWrite(caller, repository))
            {
                problem = "403";
                return null;
            }
            problem = Check(repository, workflow, body, out var branch, out var inputs);
            if (problem is not null)
            {
                return null;
            }
            var actor = caller.User ?? w.DefaultUser;
            return new StartRunSpec(workflow, branch!, "workflow_dispatch", actor, Conclusion.Success, $"Manually run by {actor.Login}",
                WaitForApproval: true, Inputs: inputs);
        });
        if (notFound)
        {
            return GitHubResult.NotFound(DispatchDocs);
        }
        if (problem == "403")
        {
            return GitHubResult.Error(StatusCodes.Status403Forbidden, "Must have admin rights to Repository.", DispatchDocs);
        }
        return run is null
            ? GitHubResult.Error(StatusCodes.Status422UnprocessableEntity, problem ?? "Unprocessable Entity", DispatchDocs)
            : GitHubResult.NoContent();
    }

    private static string? Check(Repository repository, Workflow workflow, JsonObject? body, out string? branch, out Dictionary<string, string>? inputs)
    {
        branch = null;
        inputs = null;
        if (body?["ref"] is not JsonValue refValue || !refValue.TryGetValue<string>(out var gitRef) || gitRef.Length == 0)
        {
            return "Invalid request.\n\n\"ref\" wasn't supplied.";
        }
        branch = BranchOf(repository, gitRef);
        if (branch is null)
        {
            return $"No ref found for: {gitRef}";
        }
        var file = WorkflowFile.Read(workflow.Content);
        if (!file.Dispatchable)
        {
            return "Workflow does not have 'workflow_dispatch' trigger";
        }
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (body["inputs"])
        {
            case null:
                break;
            case JsonObject given:
                foreach (var (name, value) in given)
                {
                    if (value is not JsonValue scalar || scalar.GetValueKind() is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number
                        or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                    {
                        return $"Invalid request.\n\nFor 'properties/{name}', {value?.ToJsonString() ?? "nil"} is not a string.";
                    }
                    sent[name] = scalar.GetValueKind() == System.Text.Json.JsonValueKind.String ? scalar.GetValue<string>()
                        : scalar.ToJsonString().ToLowerInvariant();
                }
                break;
            default:
                return "Invalid request.\n\nFor 'properties/inputs', it is not an object.";
        }
        if (sent.Count > MaxInputs)
        {
            return $"Invalid request.\n\nNo more than {MaxInputs} properties are allowed; {sent.Count} were supplied.";
        }
        var unexpected = sent.Keys.Where(name => file.Inputs.All(i => i.Name != name)).ToList();
        if (unexpected.Count > 0)
        {
            return $"Unexpected inputs provided: [{string.Join(", ", unexpected.Select(n => $"\"{n}\""))}]";
        }
        foreach (var input in file.Inputs)
        {
            if (!sent.TryGetValue(input.Name, out var value))
            {
                if (input.Required && input.Default is null)
                {
                    return $"Required input '{input.Name}' not provided";
                }
                if (input.Default is not null)
                {
                    sent[input.Name] = input.Default;
                }
                continue;
            }
            if (input.Type == "choice" && !input.Options.Contains(value))
            {
                return $"Provided value '{value}' for input '{input.Name}' not in the list of allowed values";
            }
            if (input.Type == "boolean" && value is not ("true" or "false"))
            {
                return $"Provided value '{value}' for input '{input.Name}' is not a boolean";
            }
            if (input.Type == "number" && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"Provided value '{value}' for input '{input.Name}' is not a number";
            }
        }
        inputs = sent;
        return null;
    }

    /// <summary>The run's pending deployments: one per environment it waits for (none once reviewed or not waiting).</summary>
    public static GitHubResult ListPendingDeployments(string owner, string repo, long run_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (VisibleRun(world, caller, owner, repo, run_id) is not { } run)
            {
                return GitHubResult.NotFound(PendingDeploymentsDocs);
            }
            var body = new JsonArray();
            if (run.PendingEnvironment is { } environment)
            {
                body.Add(PendingDeployment(run, environment, caller, b));
            }
            return GitHubResult.Ok(body);
        }
    }

    /// <summary>
    /// Approves or rejects the run's waiting environments (<c>environment_ids</c>, <c>state</c>, <c>comment</c>, all
    /// required): 200 with the deployments; 422 when an id is not one the run waits for or the caller is not a reviewer
    /// (the simulator's wording: GitHub's own is not documented).
    /// </summary>
    public static async Task<GitHubResult> ReviewPendingDeployments(string owner, string repo, long run_id, HttpContext http, World world,
        RunLifecycle lifecycle, SimulatorUrls urls)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return GitHubResult.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON", PendingDeploymentsDocs);
        }
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        WorkflowRun run;
        DeploymentEnvironment environment;
        bool approved;
        lock (world.Sync)
        {
            if (VisibleRun(world, caller, owner, repo, run_id) is not { } found)
            {
                return GitHubResult.NotFound(PendingDeploymentsDocs);
            }
            run = found;
            if (body?["environment_ids"] is not JsonArray ids || ids.Count == 0 || body["state"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
                || body["comment"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return GitHubResult.Error(StatusCodes.Status422UnprocessableEntity,
                    "Invalid request.\n\n\"environment_ids\", \"state\" and \"comment\" are required.", PendingDeploymentsDocs);
            }
            var state = body["state"]!.GetValue<string>();
            if (state is not ("approved" or "rejected"))
            {
                return GitHubResult.Error(StatusCodes.Status422UnprocessableEntity,
                    $"Invalid request.\n\nFor 'properties/state', \"{state}\" is not one of [\"approved\", \"rejected\"].", PendingDeploymentsDocs);
            }
            approved = state == "approved";
            if (run.PendingEnvironment is not { } pending
                || ids.Any(id => id is not JsonValue v || !v.TryGetValue<long>(out var n) || n != pending.Id))
            {
                return GitHubResult.Error(StatusCodes.Status422UnprocessableEntity,
                    "No pending deployment requests to approve or reject for the given environment ids.", PendingDeploymentsDocs);
            }
            if (caller.User is not { } user || !pending.Reviewers.Contains(user))
            {
                return GitHubResult.Error(StatusCodes.Status422UnprocessableEntity,
                    "You are not a required reviewer of the environment(s) of this workflow run.", PendingDeploymentsDocs);
            }
            environment = pending;
        }
        var reviewer = caller.User!;
        lifecycle.Review(run, approved, reviewer);
        return lifecycle.Read(_ => GitHubResult.Ok(new JsonArray(Deployment(run, environment, reviewer, b))));
    }

    private static JsonObject PendingDeployment(WorkflowRun run, DeploymentEnvironment environment, Caller caller, string b) => new()
    {
        ["environment"] = Environment(run.Repository, environment, b),
        ["wait_timer"] = environment.WaitTimer,
        ["wait_timer_started_at"] = run.WaitingSince is { } since ? GitHubShapes.Timestamp(since) : null,
        ["current_user_can_approve"] = caller.User is { } user && environment.Reviewers.Contains(user),
        ["reviewers"] = new JsonArray(environment.Reviewers
            .Select(r => (JsonNode?)new JsonObject { ["type"] = "User", ["reviewer"] = GitHubShapes.User(r, b) }).ToArray()),
    };

    private static JsonObject Environment(Repository repository, DeploymentEnvironment environment, string b) => new()
    {
        ["id"] = environment.Id,
        ["node_id"] = GitHubShapes.NodeId("Environment", environment.Id),
        ["name"] = environment.Name,
        ["url"] = $"{b}/repos/{repository.FullName}/environments/{Uri.EscapeDataString(environment.Name)}",
        ["html_url"] = $"{b}/{repository.FullName}/deployments/activity_log?environments_filter={Uri.EscapeDataString(environment.Name)}",
    };

    private static JsonObject Deployment(WorkflowRun run, DeploymentEnvironment environment, Account creator, string b)
    {
        var api = $"{b}/repos/{run.Repository.FullName}";
        var id = run.Id * 10 + environment.Id % 10;
        return new JsonObject
        {
            ["url"] = $"{api}/deployments/{id}",
            ["id"] = id,
            ["node_id"] = GitHubShapes.NodeId("Deployment", id),
            ["sha"] = run.HeadSha,
            ["ref"] = run.HeadBranch,
            ["task"] = "deploy",
            ["payload"] = new JsonObject(),
            ["original_environment"] = environment.Name,
            ["environment"] = environment.Name,
            ["description"] = null,
            ["creator"] = GitHubShapes.User(creator, b),
            ["created_at"] = GitHubShapes.Timestamp(run.CreatedAt),
            ["updated_at"] = GitHubShapes.Timestamp(run.UpdatedAt),
            ["statuses_url"] = $"{api}/deployments/{id}/statuses",
            ["repository_url"] = api,
        };
    }

    /// <summary>The branch a ref names (<c>main</c> or <c>refs/heads/main</c>); null when the repository has no such branch.</summary>
    private static string? BranchOf(Repository repository, string gitRef)
    {
        var name = gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..] : gitRef;
        return repository.Branches.FirstOrDefault(branch => branch == name);
    }

    private static Repository? Visible(World world, Caller caller, string owner, string repo) =>
        world.FindRepository(owner, repo) is { } repository && World.CanSee(caller, repository) ? repository : null;

    private static WorkflowRun? VisibleRun(World world, Caller caller, string owner, string repo, long runId) =>
        Visible(world, caller, owner, repo) is { } repository && world.FindRun(runId) is { } run && run.Repository == repository ? run : null;
}
