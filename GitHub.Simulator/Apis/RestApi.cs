using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Apis;

/// <summary>
/// GitHub's REST API (version 2022-11-28), served at the simulator's root: the API base URL is
/// <c>http://HOST:PORT</c> and the web base URL is the same origin (unlike github.com's two hosts).
/// </summary>
public static class RestApi
{
    public static IEndpointRouteBuilder MapRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").AddEndpointFilter<RestEndpointFilter>().WithTags("GitHub REST");

        api.MapGet("/user", GetAuthenticatedUser).WithMetadata(RestAccess.User);
        api.MapGet("/user/repos", ListRepositoriesForUser).WithMetadata(RestAccess.User);
        api.MapGet("/user/installations", ListInstallationsForUser).WithMetadata(RestAccess.User);
        api.MapGet("/user/installations/{installation_id:long}/repositories", ListInstallationRepositoriesForUser).WithMetadata(RestAccess.User);
        api.MapGet("/installation/repositories", ListRepositoriesForInstallation).WithMetadata(RestAccess.Token);
        api.MapGet("/rate_limit", GetRateLimit).WithMetadata(new RestAccess(AllowAnonymous: true, Free: true));

        api.MapGet("/repos/{owner}/{repo}", GetRepository).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/workflows", ListWorkflows).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/workflows/{workflow_id}", GetWorkflow).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", ListRunsForWorkflow).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/runs", ListRuns).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/runs/{run_id:long}", GetRun).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/runs/{run_id:long}/jobs", ListJobs).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/jobs/{job_id:long}", GetJob).WithMetadata(RestAccess.Public);
        api.MapGet("/repos/{owner}/{repo}/actions/jobs/{job_id:long}/logs", GetJobLogs).WithMetadata(RestAccess.Token);
        api.MapGet("/repos/{owner}/{repo}/check-runs/{check_run_id:long}/annotations", ListAnnotations).WithMetadata(RestAccess.Public);

        api.MapPost("/repos/{owner}/{repo}/actions/runs/{run_id:long}/rerun", RerunRun).WithMetadata(RestAccess.Token);
        api.MapPost("/repos/{owner}/{repo}/actions/runs/{run_id:long}/rerun-failed-jobs", RerunFailedJobs).WithMetadata(RestAccess.Token);
        api.MapPost("/repos/{owner}/{repo}/actions/runs/{run_id:long}/cancel", CancelRun).WithMetadata(RestAccess.Token);
        api.MapPost("/repos/{owner}/{repo}/actions/jobs/{job_id:long}/rerun", RerunJob).WithMetadata(RestAccess.Token);

        app.MapControlsRestApi();
        app.MapRunnersRestApi();

        // The log host: a pre-signed URL is its only credential, so it is outside the REST filter (no token, no rate limit).
        app.MapGet(JobLogUrls.Path, DownloadJobLog).ExcludeFromDescription();

        // App JWTs are not tokens of the REST filter: this endpoint checks its own credentials.
        app.MapPost("/app/installations/{installation_id:long}/access_tokens", CreateInstallationAccessToken).WithTags("GitHub REST");

        // Anything else is GitHub's JSON 404, not an HTML page.
        app.MapFallback(() => GitHubResult.NotFound());
        return app;
    }

    // ---- the authenticated user -------------------------------------------------------------------------------

    public static GitHubResult GetAuthenticatedUser(HttpContext http, World world, SimulatorUrls urls)
    {
        var user = RestEndpointFilter.CallerOf(http).User!;
        lock (world.Sync)
        {
            return GitHubResult.Ok(GitHubShapes.AuthenticatedUser(user, world, urls.ForRequest(http.Request)));
        }
    }

    public static GitHubResult ListRepositoriesForUser(HttpContext http, World world, SimulatorUrls urls)
    {
        var user = RestEndpointFilter.CallerOf(http).User!;
        var query = http.Request.Query;
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            IEnumerable<Repository> repositories = world.RepositoriesOf(user);
            repositories = query["visibility"].ToString() switch
            {
                "public" => repositories.Where(r => !r.Private),
                "private" => repositories.Where(r => r.Private),
                _ => repositories,
            };
            var sort = query["sort"].ToString();
            var descending = query["direction"].ToString() switch
            {
                "asc" => false,
                "desc" => true,
                // GitHub: ascending for full_name, descending for the dates.
                _ => sort is "created" or "updated" or "pushed",
            };
            Func<Repository, object> key = sort switch
            {
                "created" => r => r.CreatedAt,
                "updated" => r => r.UpdatedAt,
                "pushed" => r => r.PushedAt,
                _ => r => r.FullName.ToLowerInvariant(),
            };
            var all = (descending ? repositories.OrderByDescending(key) : repositories.OrderBy(key)).ToList();
            var paging = Paging.From(http.Request);
            var body = new JsonArray(paging.Slice(all).Select(r => (JsonNode?)GitHubShapes.Repository(r, b, World.RoleOf(user, r))).ToArray());
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, all.Count));
        }
    }

    public static GitHubResult ListInstallationsForUser(HttpContext http, World world, SimulatorUrls urls, IOptionsMonitor<SimulatorOptions> options)
    {
        var user = RestEndpointFilter.CallerOf(http).User!;
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            var installations = world.InstallationsOf(user).ToList();
            var paging = Paging.From(http.Request);
            var body = new JsonObject
            {
                ["total_count"] = installations.Count,
                ["installations"] = new JsonArray(paging.Slice(installations)
                    .Select(i => (JsonNode?)GitHubShapes.Installation(i, b, options.CurrentValue.App)).ToArray()),
            };
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, installations.Count));
        }
    }

    public static GitHubResult ListInstallationRepositoriesForUser(long installation_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var user = RestEndpointFilter.CallerOf(http).User!;
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (world.InstallationsOf(user).FirstOrDefault(i => i.Id == installation_id) is not { } installation)
            {
                return GitHubResult.NotFound(GitHubDocs.Installations);
            }
            var repositories = world.RepositoriesOf(installation)
                .Where(r => World.RoleOf(user, r) >= RepositoryRole.Pull)
                .OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return RepositoryList(http, b, repositories, installation, r => World.RoleOf(user, r));
        }
    }

    public static GitHubResult ListRepositoriesForInstallation(HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        if (caller.Installation is not { } installation)
        {
            return GitHubResult.Error(StatusCodes.Status403Forbidden,
                "You must authenticate with an installation access token in order to list repositories for an installation.", GitHubDocs.Installations);
        }
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            var repositories = world.RepositoriesOf(installation).OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase).ToList();
            return RepositoryList(http, b, repositories, installation, _ => null);
        }
    }

    private static GitHubResult RepositoryList(HttpContext http, string b, List<Repository> repositories, Installation installation,
        Func<Repository, RepositoryRole?> role)
    {
        var paging = Paging.From(http.Request);
        var body = new JsonObject
        {
            ["total_count"] = repositories.Count,
            ["repository_selection"] = installation.RepositorySelection,
            ["repositories"] = new JsonArray(paging.Slice(repositories).Select(r => (JsonNode?)GitHubShapes.Repository(r, b, role(r))).ToArray()),
        };
        return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, repositories.Count));
    }

    public static GitHubResult GetRateLimit(HttpContext http, RateLimiter limiter, TimeProvider time, IOptionsMonitor<SimulatorOptions> options)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var settings = options.CurrentValue.RateLimit;
        var limit = caller.Kind switch
        {
            CallerKind.User => settings.PerHour,
            CallerKind.Installation => settings.InstallationPerHour,
            _ => settings.AnonymousPerHour,
        };
        return GitHubResult.Ok(GitHubShapes.RateLimit(limiter.Peek(caller.TokenId, limit), time.GetUtcNow()));
    }

    // ---- repositories, workflows, runs and jobs ----------------------------------------------------------------

    public static GitHubResult GetRepository(string owner, string repo, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository)
            {
                return GitHubResult.NotFound(GitHubDocs.Repos);
            }
            RepositoryRole? role = caller.User is { } user ? World.RoleOf(user, repository) : null;
            return GitHubResult.Ok(GitHubShapes.Repository(repository, urls.ForRequest(http.Request), role));
        }
    }

    public static GitHubResult ListWorkflows(string owner, string repo, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository)
            {
                return GitHubResult.NotFound(GitHubDocs.Workflows);
            }
            var paging = Paging.From(http.Request);
            var body = new JsonObject
            {
                ["total_count"] = repository.Workflows.Count,
                ["workflows"] = new JsonArray(paging.Slice(repository.Workflows).Select(w => (JsonNode?)GitHubShapes.Workflow(w, b)).ToArray()),
            };
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, repository.Workflows.Count));
        }
    }

    public static GitHubResult GetWorkflow(string owner, string repo, string workflow_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository || World.FindWorkflow(repository, workflow_id) is not { } workflow)
            {
                return GitHubResult.NotFound(GitHubDocs.Workflows);
            }
            return GitHubResult.Ok(GitHubShapes.Workflow(workflow, urls.ForRequest(http.Request)));
        }
    }

    public static GitHubResult ListRunsForWorkflow(string owner, string repo, string workflow_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository || World.FindWorkflow(repository, workflow_id) is not { } workflow)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            return RunList(http, urls, repository.Runs.Where(r => r.Workflow == workflow));
        }
    }

    public static GitHubResult ListRuns(string owner, string repo, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            return RunList(http, urls, repository.Runs);
        }
    }

    private static GitHubResult RunList(HttpContext http, SimulatorUrls urls, IEnumerable<WorkflowRun> runs)
    {
        if (!RunQuery.TryParse(http.Request.Query, out var query, out var error))
        {
            return GitHubResult.Error(StatusCodes.Status422UnprocessableEntity, error!, GitHubDocs.WorkflowRuns);
        }
        var b = urls.ForRequest(http.Request);
        // Newest first, like GitHub.
        var matching = runs.Where(query.Matches).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToList();
        var paging = Paging.From(http.Request);
        var body = new JsonObject
        {
            ["total_count"] = matching.Count,
            ["workflow_runs"] = new JsonArray(paging.Slice(matching).Select(r => (JsonNode?)GitHubShapes.Run(r, b)).ToArray()),
        };
        return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, matching.Count));
    }

    public static GitHubResult GetRun(string owner, string repo, long run_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (VisibleRun(world, caller, owner, repo, run_id) is not { } run)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            return GitHubResult.Ok(GitHubShapes.Run(run, urls.ForRequest(http.Request)));
        }
    }

    public static GitHubResult ListJobs(string owner, string repo, long run_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (VisibleRun(world, caller, owner, repo, run_id) is not { } run)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowJobs);
            }
            // filter=latest (the default) shows the latest attempt; filter=all every attempt.
            var jobs = (http.Request.Query["filter"].ToString() == "all" ? run.Jobs : run.CurrentJobs).ToList();
            var paging = Paging.From(http.Request);
            var body = new JsonObject
            {
                ["total_count"] = jobs.Count,
                ["jobs"] = new JsonArray(paging.Slice(jobs).Select(j => (JsonNode?)GitHubShapes.Job(j, b)).ToArray()),
            };
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, jobs.Count));
        }
    }

    public static GitHubResult GetJob(string owner, string repo, long job_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository || world.FindJob(job_id) is not { } job || job.Run.Repository != repository)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowJobs);
            }
            return GitHubResult.Ok(GitHubShapes.Job(job, urls.ForRequest(http.Request)));
        }
    }

    /// <summary>
    /// GitHub answers 302 with a <c>Location</c> of a plain-text log that expires after a minute (no body, no ETag); a job
    /// with no log yet (still queued) or unknown is 404.
    /// </summary>
    public static GitHubResult GetJobLogs(string owner, string repo, long job_id, HttpContext http, World world, SimulatorUrls urls, JobLogUrls logs)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository || world.FindJob(job_id) is not { } job || job.Run.Repository != repository
                || job.Steps.Count == 0)
            {
                return GitHubResult.NotFound(GitHubDocs.JobLogs);
            }
        }
        return GitHubResult.Found(logs.Create(job_id, urls.ForRequest(http.Request)));
    }

    /// <summary>The annotations of a job's check run (a job's id is its check run's id), a bare array with <c>Link</c> paging.</summary>
    public static GitHubResult ListAnnotations(string owner, string repo, long check_run_id, HttpContext http, World world, SimulatorUrls urls)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository || world.FindJob(check_run_id) is not { } job || job.Run.Repository != repository)
            {
                return GitHubResult.NotFound(GitHubDocs.CheckRuns);
            }
            var annotations = job.Failure?.Annotations ?? [];
            var paging = Paging.From(http.Request);
            var body = new JsonArray(paging.Slice(annotations).Select(a => (JsonNode?)GitHubShapes.Annotation(job, a, b)).ToArray());
            return GitHubResult.Ok(body).WithHeader("Link", paging.LinkHeader(http.Request, b, annotations.Count));
        }
    }

    /// <summary>
    /// The log host behind the signed URL: plain text, byte ranges honoured (<c>Range: bytes=-1048576</c> reads the tail).
    /// Like pre-signed storage URLs, it refuses a request that also carries an <c>Authorization</c> header (400): a client
    /// that forwards its GitHub token to the log host fails here, and the request log shows whose token arrived.
    /// </summary>
    public static IResult DownloadJobLog(long job_id, HttpContext http, World world, JobLogUrls logs, RequestLog log)
    {
        var request = http.Request;
        var tokenId = RestEndpointFilter.ReadToken(request) is { } token ? TokenStore.TokenId(token) : null;
        IResult result;
        int status;
        if (!string.IsNullOrEmpty(request.Headers.Authorization))
        {
            (result, status) = (Results.Text("Only one authentication mechanism is allowed: the signed URL. Do not send an Authorization header.",
                "text/plain", statusCode: StatusCodes.Status400BadRequest), StatusCodes.Status400BadRequest);
        }
        else if (logs.Check(job_id, request.Query["se"], request.Query["sig"]) is { } refusal)
        {
            (result, status) = (Results.Text(refusal, "text/plain", statusCode: StatusCodes.Status403Forbidden), StatusCodes.Status403Forbidden);
        }
        else
        {
            string? text;
            lock (world.Sync)
            {
                text = world.FindJob(job_id) is { } job ? JobLog.Render(job) : null;
            }
            (result, status) = text is null
                ? (Results.Text("The specified blob does not exist.", "text/plain", statusCode: StatusCodes.Status404NotFound), StatusCodes.Status404NotFound)
                : (Results.Bytes(System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", enableRangeProcessing: true),
                    request.Headers.Range.Count > 0 ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
        }
        log.Record(request.Method, "/_actions-results/jobs/{job_id}/logs.txt", request.Path.Value ?? "", tokenId, status);
        return result;
    }

    // ---- re-run and cancel --------------------------------------------------------------------------------------

    public static GitHubResult RerunRun(string owner, string repo, long run_id, HttpContext http, World world, RunLifecycle lifecycle) =>
        Rerun(owner, repo, run_id, null, RerunScope.AllJobs, http, world, lifecycle);

    public static GitHubResult RerunFailedJobs(string owner, string repo, long run_id, HttpContext http, World world, RunLifecycle lifecycle) =>
        Rerun(owner, repo, run_id, null, RerunScope.FailedJobs, http, world, lifecycle);

    public static GitHubResult RerunJob(string owner, string repo, long job_id, HttpContext http, World world, RunLifecycle lifecycle) =>
        Rerun(owner, repo, null, job_id, RerunScope.SingleJob, http, world, lifecycle);

    private static GitHubResult Rerun(string owner, string repo, long? runId, long? jobId, RerunScope scope, HttpContext http, World world,
        RunLifecycle lifecycle)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        WorkflowRun? run;
        WorkflowJob? job = null;
        Account actor;
        lock (world.Sync)
        {
            if (Visible(world, caller, owner, repo) is not { } repository)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            if (jobId is { } id)
            {
                job = world.FindJob(id);
                run = job?.Run.Repository == repository ? job.Run : null;
            }
            else
            {
                run = world.FindRun(runId!.Value) is { } found && found.Repository == repository ? found : null;
            }
            if (run is null)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            if (Refusal(caller, repository) is { } refusal)
            {
                return refusal;
            }
            if (job is not null && job.RunAttempt != run.RunAttempt)
            {
                return GitHubResult.Error(StatusCodes.Status403Forbidden, "Only jobs of the latest attempt of a workflow run can be re-run.", GitHubDocs.WorkflowJobs);
            }
            actor = ActorOf(caller, run);
        }
        return lifecycle.Rerun(run, scope, job, actor) switch
        {
            RerunOutcome.Started => GitHubResult.Created(new JsonObject()),
            // An assumption, not documented by GitHub: re-running a run that has not finished is refused like this.
            RerunOutcome.StillRunning => GitHubResult.Error(StatusCodes.Status403Forbidden, "This workflow is already running", GitHubDocs.WorkflowRuns),
            _ => GitHubResult.Error(StatusCodes.Status403Forbidden, "This workflow run has no failed jobs to re-run.", GitHubDocs.WorkflowRuns),
        };
    }

    public static GitHubResult CancelRun(string owner, string repo, long run_id, HttpContext http, World world, RunLifecycle lifecycle)
    {
        var caller = RestEndpointFilter.CallerOf(http);
        WorkflowRun run;
        Account actor;
        lock (world.Sync)
        {
            if (VisibleRun(world, caller, owner, repo, run_id) is not { } found)
            {
                return GitHubResult.NotFound(GitHubDocs.WorkflowRuns);
            }
            if (Refusal(caller, found.Repository) is { } refusal)
            {
                return refusal;
            }
            run = found;
            actor = ActorOf(caller, run);
        }
        return lifecycle.Cancel(run, actor)
            ? GitHubResult.Accepted()
            : GitHubResult.Error(StatusCodes.Status409Conflict, "Cannot cancel a workflow run that is completed.",
                "https://docs.github.com/rest/actions/workflow-runs#cancel-a-workflow-run");
    }

    /// <summary>GitHub refuses re-runs and cancels by readers with this message (and 403), not with 404.</summary>
    private static GitHubResult? Refusal(Caller caller, Repository repository) =>
        World.CanWrite(caller, repository)
            ? null
            : GitHubResult.Error(StatusCodes.Status403Forbidden, "Must have admin rights to Repository.", GitHubDocs.WorkflowRuns);

    private static Account ActorOf(Caller caller, WorkflowRun run) => caller.User ?? run.TriggeringActor;

    // ---- installation tokens ------------------------------------------------------------------------------------

    public static GitHubResult CreateInstallationAccessToken(long installation_id, HttpContext http, World world, AppJwtValidator jwt, TokenStore tokens,
        RequestLog log)
    {
        RestEndpointFilter.AddStandardHeaders(http);
        GitHubResult result;
        if (RestEndpointFilter.ReadToken(http.Request) is not { } token)
        {
            result = GitHubResult.RequiresAuthentication(GitHubDocs.Apps);
        }
        else if (jwt.Validate(token) is { } problem)
        {
            result = GitHubResult.Error(StatusCodes.Status401Unauthorized, problem, GitHubDocs.Apps);
        }
        else
        {
            bool known;
            lock (world.Sync)
            {
                known = world.FindInstallation(installation_id) is not null;
            }
            if (!known)
            {
                result = GitHubResult.NotFound(GitHubDocs.Apps);
            }
            else
            {
                var issued = tokens.IssueInstallationToken(installation_id);
                result = GitHubResult.Created(new JsonObject
                {
                    ["token"] = issued.Token,
                    ["expires_at"] = GitHubShapes.Timestamp(issued.ExpiresAt),
                    ["permissions"] = GitHubShapes.Permissions(),
                    ["repository_selection"] = "all",
                });
            }
        }
        log.Record(http.Request.Method, "/app/installations/{installation_id}/access_tokens", http.Request.Path.Value ?? "", "app-jwt", result.StatusCode);
        return result;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>The repository if the caller may see it; null (so 404) when it is missing or private to others.</summary>
    private static Repository? Visible(World world, Caller caller, string owner, string repo) =>
        world.FindRepository(owner, repo) is { } repository && World.CanSee(caller, repository) ? repository : null;

    private static WorkflowRun? VisibleRun(World world, Caller caller, string owner, string repo, long runId) =>
        Visible(world, caller, owner, repo) is { } repository && world.FindRun(runId) is { } run && run.Repository == repository ? run : null;
}
