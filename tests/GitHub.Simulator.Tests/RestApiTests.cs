using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>The REST API through the project's own client: pagination, conditional requests, rate limits, permissions, errors.</summary>
public sealed class RestApiTests(SimulatorFactory simulator) : IClassFixture<SimulatorFactory>
{
    private const string RunsRoute = "GET /repos/{owner}/{repo}/actions/runs";

    private async Task<GitHubRequestOptions> AsAsync(string login) =>
        GitHubRequestOptions.ForToken((await simulator.SignInAsync(login)).AccessToken);

    [Fact]
    public async Task Pagination_through_link_headers_yields_every_run_once_across_three_or_more_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await simulator.StartRunAsync();
        }
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var first = (await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 2 }, octocat)).GetValueOrThrow();
        await simulator.ControlAsync(HttpMethod.Delete, "/_simulator/requests");

        var runs = new List<ActionsDashboard.GitHub.Models.WorkflowRun>();
        await foreach (var run in rest.EnumerateAsync(first, octocat))
        {
            runs.Add(run);
        }
        var ids = runs.Select(r => r.Id).ToList();

        Assert.True(first.TotalCount >= 5, $"total_count is {first.TotalCount}");
        Assert.Equal(first.TotalCount, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(runs.OrderByDescending(r => r.CreatedAt).Select(r => r.CreatedAt), runs.Select(r => r.CreatedAt));
        var requests = await simulator.ControlAsync(HttpMethod.Get, "/_simulator/requests");
        // The first page was read before the log was cleared; the rest came through rel="next".
        Assert.Equal((first.TotalCount!.Value + 1) / 2 - 1, requests["by_route"]![RunsRoute]!.GetValue<int>());
        Assert.True((first.TotalCount!.Value + 1) / 2 >= 3);
    }

    [Fact]
    public async Task Link_header_has_next_and_last_on_the_first_page_and_prev_and_first_later()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();

        var page1 = await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 1, Branch = "main" }, octocat);
        var page2 = await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 1, Page = 2, Branch = "main" }, octocat);

        Assert.NotNull(page1.Links.Next);
        Assert.NotNull(page1.Links.Last);
        Assert.Null(page1.Links.Prev);
        Assert.Contains("branch=main", page1.Links.Next!.Query, StringComparison.Ordinal);
        Assert.Contains("page=3", page2.Links.Next!.Query, StringComparison.Ordinal);
        Assert.Contains("page=1", page2.Links.Prev!.Query, StringComparison.Ordinal);
        Assert.Contains("page=1", page2.Links.First!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_page_above_100_is_capped_at_100()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;

        var runs = await simulator.GetJsonAsync("/repos/octo-org/octo-repo/actions/runs?per_page=1000", token);
        var next = await simulator.RestClient().ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 100 }, GitHubRequestOptions.ForToken(token));

        Assert.True(runs["workflow_runs"]!.AsArray().Count <= 100);
        Assert.Equal(Math.Min(100, runs["total_count"]!.GetValue<int>()), runs["workflow_runs"]!.AsArray().Count);
        Assert.Null(next.Links.Next);
    }

    [Fact]
    public async Task Etag_gives_304_not_modified_which_costs_no_rate_limit()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var first = await rest.ListWorkflowsAsync("octo-org", "octo-repo", request: octocat);
        Assert.StartsWith("W/\"", first.ETag, StringComparison.Ordinal);

        var conditional = await rest.ListWorkflowsAsync("octo-org", "octo-repo",
            request: new GitHubRequestOptions { Token = octocat.Token, IfNoneMatch = first.ETag });
        var after = await rest.ListWorkflowsAsync("octo-org", "octo-repo", request: octocat);

        Assert.True(conditional.IsNotModified);
        Assert.Null(conditional.Value);
        Assert.Equal(first.RateLimit!.Remaining, conditional.RateLimit!.Remaining);
        Assert.Equal(first.RateLimit.Remaining - 1, after.RateLimit!.Remaining);
        Assert.Equal(first.ETag, after.ETag);
    }

    [Fact]
    public async Task Changed_resource_gets_a_new_etag_and_a_full_answer()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var runId = await simulator.StartRunAsync();
        var before = await rest.GetWorkflowRunAsync("octo-org", "octo-repo", runId, octocat);

        await simulator.ControlAsync(HttpMethod.Post, $"/_simulator/runs/{runId}/advance");
        var after = await rest.GetWorkflowRunAsync("octo-org", "octo-repo", runId,
            new GitHubRequestOptions { Token = octocat.Token, IfNoneMatch = before.ETag });

        Assert.False(after.IsNotModified);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal("in_progress", after.GetValueOrThrow().Status);
    }

    [Fact]
    public async Task Rate_limit_headers_are_counted_per_token()
    {
        var first = await AsAsync("octocat");
        var second = await AsAsync("octocat");
        var rest = simulator.RestClient();

        await rest.GetAuthenticatedUserAsync(first);
        await rest.GetAuthenticatedUserAsync(first);
        var third = await rest.GetAuthenticatedUserAsync(first);
        var other = await rest.GetAuthenticatedUserAsync(second);

        Assert.Equal(new RateLimit(5000, 4997, 3, third.RateLimit!.Reset, "core"), third.RateLimit);
        Assert.Equal(4999, other.RateLimit!.Remaining);
        Assert.True(third.RateLimit.Reset > DateTimeOffset.UtcNow.AddMinutes(59));
        var overview = await rest.GetRateLimitAsync(first);
        Assert.Equal(4997, overview.GetValueOrThrow().Core!.Remaining);
    }

    [Fact]
    public async Task Exhausted_budget_is_the_librarys_primary_rate_limit_error_with_the_reset_time()
    {
        var octocat = await AsAsync("octocat");
        await simulator.ControlAsync(HttpMethod.Post, "/_simulator/rate-limit", new { token = octocat.Token, remaining = 0 });

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().GetAuthenticatedUserAsync(octocat));

        Assert.Equal(GitHubErrorKind.PrimaryRateLimit, exception.Kind);
        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("API rate limit exceeded for user ID 1.", exception.GitHubMessage);
        Assert.Equal(0, exception.RateLimit!.Remaining);
        Assert.True(exception.RateLimit.Reset > DateTimeOffset.UtcNow);
        Assert.True(exception.RetryAfter > TimeSpan.FromMinutes(50));
    }

    [Fact]
    public async Task Secondary_limit_mode_is_the_librarys_secondary_rate_limit_with_retry_after_60_seconds()
    {
        var octocat = await AsAsync("octocat");
        await simulator.ControlAsync(HttpMethod.Post, "/_simulator/rate-limit", new { token = octocat.Token, secondary = true });

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().ListWorkflowRunsAsync("octo-org", "octo-repo", request: octocat));
        await simulator.ControlAsync(HttpMethod.Post, "/_simulator/rate-limit", new { token = octocat.Token, secondary = false });
        var afterwards = await simulator.RestClient().GetAuthenticatedUserAsync(octocat);

        Assert.Equal(GitHubErrorKind.SecondaryRateLimit, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), exception.RetryAfter);
        Assert.StartsWith("You have exceeded a secondary rate limit", exception.GitHubMessage, StringComparison.Ordinal);
        Assert.Equal("octocat", afterwards.GetValueOrThrow().Login);
    }

    [Fact]
    public async Task Private_repository_the_user_cannot_see_is_not_found()
    {
        var hubot = await AsAsync("hubot");
        var monalisa = await AsAsync("monalisa");
        var rest = simulator.RestClient();

        var forHubot = await Assert.ThrowsAsync<GitHubApiException>(() => rest.ListWorkflowRunsAsync("octo-org", "octo-repo", request: hubot));
        var forMonalisa = await Assert.ThrowsAsync<GitHubApiException>(() => rest.ListWorkflowRunsAsync("octo-org", "infra", request: monalisa));
        var anonymous = await Assert.ThrowsAsync<GitHubApiException>(() => rest.ListWorkflowRunsAsync("octo-org", "infra"));
        var publicRepository = await rest.ListWorkflowRunsAsync("octocat", "hello-world", request: hubot);

        Assert.Equal(GitHubErrorKind.NotFound, forHubot.Kind);
        Assert.Equal(GitHubErrorKind.NotFound, forMonalisa.Kind);
        Assert.Equal(GitHubErrorKind.NotFound, anonymous.Kind);
        Assert.Equal("Not Found", forHubot.GitHubMessage);
        Assert.NotEmpty(publicRepository.GetValueOrThrow().Items);
    }

    [Fact]
    public async Task Rerun_by_a_user_with_pull_permission_is_permission_denied()
    {
        var monalisa = await AsAsync("monalisa");
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().RerunWorkflowRunAsync("octo-org", "octo-repo", runId, request: monalisa));

        Assert.Equal(GitHubErrorKind.PermissionDenied, exception.Kind);
        Assert.Equal("Must have admin rights to Repository.", exception.GitHubMessage);
    }

    [Fact]
    public async Task Cancel_of_a_completed_run_is_the_librarys_conflict()
    {
        var octocat = await AsAsync("octocat");
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().CancelWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat));

        Assert.Equal(GitHubErrorKind.Conflict, exception.Kind);
        Assert.Equal(HttpStatusCode.Conflict, exception.StatusCode);
        Assert.Equal("Cannot cancel a workflow run that is completed.", exception.GitHubMessage);
    }

    [Fact]
    public async Task Rerun_starts_a_new_attempt_and_cancel_ends_it_as_cancelled()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");

        var rerun = await rest.RerunFailedJobsAsync("octo-org", "octo-repo", runId, request: octocat);
        var rerunRun = (await rest.GetWorkflowRunAsync("octo-org", "octo-repo", runId, octocat)).GetValueOrThrow();
        var cancel = await rest.CancelWorkflowRunAsync("octo-org", "octo-repo", runId, octocat);
        var cancelled = (await rest.GetWorkflowRunAsync("octo-org", "octo-repo", runId, octocat)).GetValueOrThrow();
        var allJobs = (await rest.ListJobsForWorkflowRunAsync("octo-org", "octo-repo", runId, new WorkflowJobsQuery { Filter = "all" }, octocat)).GetValueOrThrow();
        var latestJobs = (await rest.ListJobsForWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat)).GetValueOrThrow();

        Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
        Assert.Equal((2, "queued", (string?)null), (rerunRun.RunAttempt, rerunRun.Status, rerunRun.Conclusion));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(("completed", "cancelled"), (cancelled.Status, cancelled.Conclusion));
        Assert.Equal(4, allJobs.Items.Count);
        Assert.All(latestJobs.Items, job => Assert.Equal(2, job.RunAttempt));
        // The build job succeeded in attempt 1 and is carried over; only the failed test job ran again and was cancelled.
        Assert.Equal(["success", "cancelled"], latestJobs.Items.Select(j => j.Conclusion));
    }

    [Fact]
    public async Task Rerun_of_a_running_run_is_refused()
    {
        var octocat = await AsAsync("octocat");
        var runId = await simulator.StartRunAsync();

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().RerunWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("This workflow is already running", exception.GitHubMessage);
    }

    [Fact]
    public async Task Single_job_rerun_runs_only_that_job_again()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId);
        var jobs = (await rest.ListJobsForWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat)).GetValueOrThrow().Items;

        var rerun = await rest.RerunJobAsync("octo-org", "octo-repo", jobs[0].Id, request: octocat);
        var latest = (await rest.ListJobsForWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat)).GetValueOrThrow().Items;

        Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
        Assert.Equal([("build", "queued"), ("test", "completed")], latest.Select(j => (j.Name, j.Status!)));
    }

    [Fact]
    public async Task Missing_token_on_a_user_endpoint_is_401_requires_authentication()
    {
        using var response = await simulator.CreateHttpClient().GetAsync("/user");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Requires authentication", body["message"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("x-github-request-id"));
    }

    [Fact]
    public async Task Unknown_token_is_401_bad_credentials()
    {
        var exception = await Assert.ThrowsAsync<GitHubApiException>(() =>
            simulator.RestClient().GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken("ghu_" + new string('x', 36))));

        Assert.Equal(GitHubErrorKind.Unauthorized, exception.Kind);
        Assert.Equal("Bad credentials", exception.GitHubMessage);
    }

    [Fact]
    public async Task Responses_carry_githubs_headers()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/repos/octo-org/octo-repo/actions/runs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await simulator.CreateHttpClient().SendAsync(request);

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("2022-11-28", response.Headers.GetValues("x-github-api-version-selected").Single());
        Assert.Matches("^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$", response.Headers.GetValues("x-github-request-id").Single());
        Assert.Equal("core", response.Headers.GetValues("x-ratelimit-resource").Single());
        foreach (var name in new[] { "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset" })
        {
            Assert.True(long.TryParse(response.Headers.GetValues(name).Single(), out _), name);
        }
        Assert.True(response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task User_repositories_are_those_the_user_can_reach_with_their_permissions()
    {
        var rest = simulator.RestClient();

        var octocat = await rest.ListAllRepositoriesForAuthenticatedUserAsync(request: await AsAsync("octocat")).ToListAsync();
        var monalisa = await rest.ListAllRepositoriesForAuthenticatedUserAsync(request: await AsAsync("monalisa")).ToListAsync();
        var hubot = await rest.ListAllRepositoriesForAuthenticatedUserAsync(request: await AsAsync("hubot")).ToListAsync();

        Assert.Equal(["octo-org/infra", "octo-org/octo-repo", "octocat/hello-world"], octocat.Select(r => r.FullName));
        Assert.Equal((true, true), (octocat[0].Permissions!.Admin, octocat[0].Private));
        Assert.Equal((false, true), (octocat[1].Permissions!.Admin, octocat[1].Permissions!.Push));
        var octoRepo = Assert.Single(monalisa);
        Assert.Equal(("octo-org/octo-repo", false, true), (octoRepo.FullName, octoRepo.Permissions!.Push, octoRepo.Permissions!.Pull));
        Assert.Empty(hubot);
    }

    [Fact]
    public async Task Installations_and_their_repositories_are_listed_for_the_user()
    {
        var monalisa = await AsAsync("monalisa");
        var rest = simulator.RestClient();

        var installations = (await rest.ListInstallationsForAuthenticatedUserAsync(request: monalisa)).GetValueOrThrow();
        var repositories = await rest.ListAllInstallationRepositoriesForAuthenticatedUserAsync(3456996, request: monalisa).ToListAsync();
        var otherInstallation = await Assert.ThrowsAsync<GitHubApiException>(() =>
            rest.ListInstallationRepositoriesForAuthenticatedUserAsync(1, request: monalisa));

        var installation = Assert.Single(installations.Items);
        Assert.Equal((3456996L, "octo-org", "Organization", 12345L), (installation.Id, installation.Account!.Login, installation.TargetType, installation.AppId!.Value));
        Assert.Equal(["octo-org/octo-repo"], repositories.Select(r => r.FullName));
        Assert.Equal(GitHubErrorKind.NotFound, otherInstallation.Kind);
    }

    [Fact]
    public async Task Run_filters_select_by_branch_actor_status_and_created_date()
    {
        var octocat = await AsAsync("octocat");
        var rest = simulator.RestClient();
        var runId = await simulator.StartRunAsync(branch: "feature/login", actor: "octocat");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var byBranch = (await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { Branch = "feature/login", Status = "queued", Actor = "octocat", Created = ">=" + today }, octocat)).GetValueOrThrow();
        var none = (await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { Branch = "feature/login", Created = "<2000-01-01" }, octocat)).GetValueOrThrow();
        var forWorkflow = (await rest.ListWorkflowRunsForWorkflowAsync("octo-org", "octo-repo", "ci.yml", new WorkflowRunsQuery { Branch = "feature/login" }, octocat)).GetValueOrThrow();

        Assert.Contains(runId, byBranch.Items.Select(r => r.Id));
        Assert.All(byBranch.Items, r => Assert.Equal(("feature/login", "queued", "octocat"), (r.HeadBranch, r.Status, r.Actor!.Login)));
        Assert.Equal(0, none.TotalCount);
        Assert.Contains(runId, forWorkflow.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Request_log_counts_per_route_template_and_per_hashed_token_never_the_token()
    {
        var octocat = await AsAsync("octocat");
        await simulator.ControlAsync(HttpMethod.Delete, "/_simulator/requests");
        var rest = simulator.RestClient();

        await rest.GetWorkflowRunAsync("octo-org", "octo-repo", (await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", request: octocat)).GetValueOrThrow().Items[0].Id, octocat);
        await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", request: octocat);
        using var raw = await simulator.CreateHttpClient().GetAsync("/_simulator/requests");
        var text = await raw.Content.ReadAsStringAsync();
        var log = JsonNode.Parse(text)!;

        Assert.Equal(2, log["by_route"]![RunsRoute]!.GetValue<int>());
        Assert.Equal(1, log["by_route"]!["GET /repos/{owner}/{repo}/actions/runs/{run_id}"]!.GetValue<int>());
        var tokenId = Assert.Single(log["by_token"]!.AsObject()).Key;
        Assert.Matches("^ghu:[0-9a-f]{12}$", tokenId);
        Assert.DoesNotContain(octocat.Token!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(octocat.Token![4..], text, StringComparison.Ordinal);
    }
}
