using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using ActionsDashboard.GitHub.Models;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.GitHub.Tests.Infrastructure;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.GitHub.Tests;

public sealed class RestClientTests
{
    private const string Token = "ghu_testtoken1234567890";
    private static readonly GitHubRequestOptions WithToken = GitHubRequestOptions.ForToken(Token);
    // 14:05 UTC on the test day; the test clock says 13:30.
    private static readonly long ResetAt1405 = new DateTimeOffset(2024, 3, 11, 14, 5, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task Requests_carry_github_headers_and_the_bearer_token_only_in_the_authorization_header()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(Samples.Rest("get-authenticated-user.json")));
        var client = TestClients.Rest(handler);

        var user = await client.GetAuthenticatedUserAsync(WithToken);

        Assert.Equal("octocat", user.GetValueOrThrow().Login);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://api.github.com/user", request.Uri.AbsoluteUri);
        Assert.Equal("application/vnd.github+json", request.Header("Accept"));
        Assert.Equal("2022-11-28", request.Header("X-GitHub-Api-Version"));
        Assert.Equal("ActionsDashboard", request.Header("User-Agent"));
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal(Token, request.Authorization?.Parameter);
        Assert.DoesNotContain(Token, request.Uri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, WithToken.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_provider_supplies_the_token_unless_the_call_passes_one()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(Samples.Rest("get-authenticated-user.json")));
        var calls = 0;
        var client = TestClients.Rest(handler).WithTokenProvider(_ =>
        {
            calls++;
            return ValueTask.FromResult<string?>("ghs_from_provider");
        });

        await client.GetAuthenticatedUserAsync();
        await client.GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken("ghu_per_call"));

        Assert.Equal(["ghs_from_provider", "ghu_per_call"], handler.Requests.Select(r => r.Authorization?.Parameter));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Rate_limit_headers_and_etag_are_parsed_from_every_response()
    {
        var handler = new FakeGitHubHandler(_ =>
        {
            var answer = FakeResponses.Json(Samples.Rest("get-workflow-run.json"), headers: h =>
            {
                FakeResponses.RateLimit(h, limit: 5000, remaining: 4987, used: 13, reset: ResetAt1405);
                h.TryAddWithoutValidation("ETag", "W/\"5ee8d8b0c0ea5d1d3d3b5a7e1f0f1b5c\"");
            });
            answer.Content.Headers.TryAddWithoutValidation("Last-Modified", "Wed, 22 Jan 2020 19:33:08 GMT");
            return answer;
        });
        var client = TestClients.Rest(handler);

        var response = await client.GetWorkflowRunAsync("octo-org", "octo-repo", 30433642, WithToken);

        Assert.Equal(new RateLimit(5000, 4987, 13, new DateTimeOffset(2024, 3, 11, 14, 5, 0, TimeSpan.Zero), "core"), response.RateLimit);
        Assert.Equal("W/\"5ee8d8b0c0ea5d1d3d3b5a7e1f0f1b5c\"", response.ETag);
        Assert.Equal(new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero), response.LastModified);
        Assert.Equal("CAFE:1234:5678:9ABC:65F0A000", response.RequestId);
        Assert.Equal(30433642, response.GetValueOrThrow().Id);
        Assert.Equal("/repos/octo-org/octo-repo/actions/runs/30433642", Assert.Single(handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Conditional_request_sends_if_none_match_and_surfaces_304_as_not_modified()
    {
        const string etag = "\"a18c3bded88eb5dbb5c849a489412bf3\"";
        var handler = new FakeGitHubHandler(request => request.Header("If-None-Match") == etag
            ? FakeResponses.Status(HttpStatusCode.NotModified, h =>
            {
                FakeResponses.RateLimit(h, 5000, 4999, 1, ResetAt1405);
                h.TryAddWithoutValidation("ETag", etag);
            })
            : FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json"), headers: h => h.TryAddWithoutValidation("ETag", etag)));
        var client = TestClients.Rest(handler);

        var first = await client.ListWorkflowRunsAsync("octo-org", "octo-repo", request: WithToken);
        var second = await client.ListWorkflowRunsAsync("octo-org", "octo-repo",
            request: new GitHubRequestOptions { Token = Token, IfNoneMatch = first.ETag });

        Assert.False(first.IsNotModified);
        Assert.Equal(etag, first.ETag);
        Assert.Null(handler.Requests[0].Header("If-None-Match"));
        Assert.Equal(etag, handler.Requests[1].Header("If-None-Match"));
        Assert.True(second.IsNotModified);
        Assert.False(second.HasValue);
        Assert.Null(second.Value);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.ETag);
        Assert.Equal(4999, second.RateLimit?.Remaining);
    }

    [Fact]
    public async Task Pagination_follows_the_link_header_across_three_pages()
    {
        var handler = new FakeGitHubHandler(request => PagedRuns(request, pages: 3));
        var client = TestClients.Rest(handler);

        var first = await client.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 1 }, WithToken);
        var page = first.GetValueOrThrow();

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(1, Assert.Single(page.Items).Id);
        Assert.Equal("https://api.github.com/repositories/1296269/actions/runs?per_page=1&page=2", page.NextPageUrl?.AbsoluteUri);
        Assert.Equal("https://api.github.com/repositories/1296269/actions/runs?per_page=1&page=3", page.Links.Last?.AbsoluteUri);

        var second = (await client.GetNextPageAsync(page, WithToken))!.GetValueOrThrow();
        var third = (await client.GetNextPageAsync(second, WithToken))!.GetValueOrThrow();

        Assert.Equal(2, Assert.Single(second.Items).Id);
        Assert.Equal(3, Assert.Single(third.Items).Id);
        Assert.False(third.HasNextPage);
        Assert.Null(await client.GetNextPageAsync(third, WithToken));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Enumerating_all_pages_yields_every_item_with_the_token_and_without_the_etag()
    {
        var handler = new FakeGitHubHandler(request => PagedRuns(request, pages: 3));
        var client = TestClients.Rest(handler);

        var runs = new List<WorkflowRun>();
        await foreach (var run in client.ListAllWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 1 },
            new GitHubRequestOptions { Token = Token, IfNoneMatch = "\"stale\"" }))
        {
            runs.Add(run);
        }

        Assert.Equal([1L, 2L, 3L], runs.Select(r => r.Id));
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(Token, r.Authorization?.Parameter));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("If-None-Match")));
    }

    [Fact]
    public async Task Next_page_on_another_host_is_refused_so_the_token_never_leaves_the_api()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json"),
            headers: h => h.TryAddWithoutValidation("Link", "<https://evil.example.com/steal?page=2>; rel=\"next\"")));
        var client = TestClients.Rest(handler);

        var first = await client.ListWorkflowRunsAsync("octo-org", "octo-repo", request: WithToken);
        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetNextPageAsync(first.GetValueOrThrow(), WithToken));

        Assert.Equal(GitHubErrorKind.Unexpected, exception.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Redirect_for_a_renamed_repository_is_followed_with_the_token()
    {
        var handler = new FakeGitHubHandler(request => request.Uri.AbsolutePath.StartsWith("/repos/", StringComparison.Ordinal)
            ? FakeResponses.Status(HttpStatusCode.MovedPermanently,
                h => h.Location = new Uri("https://api.github.com/repositories/1296269/actions/runs/30433642"))
            : FakeResponses.Json(Samples.Rest("get-workflow-run.json")));
        var client = TestClients.Rest(handler);

        var run = await client.GetWorkflowRunAsync("octocat", "Old-Name", 30433642, WithToken);

        Assert.Equal(30433642, run.GetValueOrThrow().Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(Token, handler.Requests[1].Authorization?.Parameter);
    }

    [Fact]
    public async Task Redirect_off_the_api_host_is_not_followed()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Status(HttpStatusCode.Found,
            h => h.Location = new Uri("https://elsewhere.example.com/x")));
        var client = TestClients.Rest(handler);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetAuthenticatedUserAsync(WithToken));

        Assert.Equal(GitHubErrorKind.Unexpected, exception.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Unauthorized_maps_to_a_sign_in_again_error_without_the_token_in_the_message()
    {
        var exception = await FailWith(HttpStatusCode.Unauthorized,
            """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""");

        Assert.Equal(GitHubErrorKind.Unauthorized, exception.Kind);
        Assert.Equal("Bad credentials", exception.GitHubMessage);
        Assert.Equal("https://docs.github.com/rest", exception.DocumentationUrl);
        Assert.Contains("Sign in to GitHub again", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.ToString(), StringComparison.Ordinal);
        Assert.Null(exception.RetryAfter);
    }

    [Fact]
    public async Task Forbidden_without_rate_limit_signs_is_permission_denied()
    {
        var exception = await FailWith(HttpStatusCode.Forbidden,
            """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow"}""",
            h => FakeResponses.RateLimit(h, 5000, 4000, 1000, ResetAt1405));

        Assert.Equal(GitHubErrorKind.PermissionDenied, exception.Kind);
        Assert.Contains("Resource not accessible by integration", exception.Message, StringComparison.Ordinal);
        Assert.False(exception.IsRateLimit);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Exhausted_primary_rate_limit_says_when_it_resets(HttpStatusCode status)
    {
        var exception = await FailWith(status,
            """{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""",
            h => FakeResponses.RateLimit(h, 5000, 0, 5000, ResetAt1405));

        Assert.Equal(GitHubErrorKind.PrimaryRateLimit, exception.Kind);
        Assert.Equal("GitHub's rate limit for this token is used up; it resets at 14:05 UTC.", exception.Message);
        Assert.Equal(TimeSpan.FromMinutes(35), exception.RetryAfter);
        Assert.Equal(0, exception.RateLimit?.Remaining);
        Assert.True(exception.IsRateLimit);
    }

    [Fact]
    public async Task Forbidden_with_retry_after_is_a_secondary_rate_limit()
    {
        var exception = await FailWith(HttpStatusCode.Forbidden, """{"message":"Too many requests"}""",
            h =>
            {
                FakeResponses.RateLimit(h, 5000, 4000, 1000, ResetAt1405);
                h.TryAddWithoutValidation("retry-after", "60");
            });

        Assert.Equal(GitHubErrorKind.SecondaryRateLimit, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), exception.RetryAfter);
        Assert.Contains("retry in 60 seconds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_mentioning_a_secondary_rate_limit_waits_a_minute_without_retry_after()
    {
        var exception = await FailWith(HttpStatusCode.Forbidden,
            """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/resources-in-the-rest-api#secondary-rate-limits"}""",
            h => FakeResponses.RateLimit(h, 5000, 4000, 1000, ResetAt1405));

        Assert.Equal(GitHubErrorKind.SecondaryRateLimit, exception.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), exception.RetryAfter);
    }

    [Fact]
    public async Task Too_many_requests_without_rate_limit_signs_keeps_its_retry_after()
    {
        var exception = await FailWith(HttpStatusCode.TooManyRequests, "", h => h.TryAddWithoutValidation("retry-after", "30"));

        Assert.Equal(GitHubErrorKind.TooManyRequests, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), exception.RetryAfter);
        Assert.True(exception.IsRateLimit);
    }

    [Fact]
    public async Task Not_found_names_the_path_and_the_likely_cause()
    {
        var exception = await FailWith(HttpStatusCode.NotFound,
            """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run","status":"404"}""");

        Assert.Equal(GitHubErrorKind.NotFound, exception.Kind);
        Assert.Contains("/repos/octo-org/octo-repo/actions/runs/42", exception.Message, StringComparison.Ordinal);
        Assert.Contains("cannot see it", exception.Message, StringComparison.Ordinal);
        Assert.Equal("CAFE:1234:5678:9ABC:65F0A000", exception.RequestId);
    }

    [Fact]
    public async Task Gone_maps_to_gone()
    {
        var exception = await FailWith(HttpStatusCode.Gone, """{"message":"Issues are disabled for this repo"}""");

        Assert.Equal(GitHubErrorKind.Gone, exception.Kind);
        Assert.Contains("Issues are disabled for this repo", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_failure_includes_github_message_and_errors()
    {
        var exception = await FailWith(HttpStatusCode.UnprocessableEntity,
            """{"message":"Validation Failed","errors":[{"resource":"WorkflowRun","field":"status","code":"invalid"},{"resource":"WorkflowRun","code":"custom","message":"created is not a valid date range"},"a plain string error"],"documentation_url":"https://docs.github.com/rest"}""");

        Assert.Equal(GitHubErrorKind.ValidationFailed, exception.Kind);
        Assert.Equal("Validation Failed", exception.GitHubMessage);
        Assert.Equal(3, exception.Errors.Count);
        Assert.Equal(new GitHubValidationError("WorkflowRun", "status", "invalid", null), exception.Errors[0]);
        Assert.Equal("a plain string error", exception.Errors[2].Message);
        Assert.Contains("Validation Failed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("created is not a valid date range", exception.Message, StringComparison.Ordinal);
        Assert.Contains("WorkflowRun status invalid", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Server_errors_map_to_server_error_even_with_an_html_body(HttpStatusCode status)
    {
        var exception = await FailWith(status, "<html><body>Unicorn!</body></html>");

        Assert.Equal(GitHubErrorKind.ServerError, exception.Kind);
        Assert.Equal(status, exception.StatusCode);
        Assert.Contains($"({(int)status})", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_completed_run_maps_409_to_conflict()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"message":"Cannot cancel a workflow run that is completed."}""", HttpStatusCode.Conflict));
        var client = TestClients.Rest(handler);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => client.CancelWorkflowRunAsync("octo-org", "octo-repo", 42, WithToken));

        Assert.Equal(GitHubErrorKind.Conflict, exception.Kind);
        Assert.Contains("Cannot cancel a workflow run that is completed.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_success_body_is_an_unexpected_error()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json("{\"id\": \"not a number\"}"));
        var client = TestClients.Rest(handler);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetWorkflowRunAsync("octo-org", "octo-repo", 1, WithToken));

        Assert.Equal(GitHubErrorKind.Unexpected, exception.Kind);
    }

    [Theory]
    [InlineData("../evil", "repo")]
    [InlineData("a/b", "repo")]
    [InlineData("-bad", "repo")]
    [InlineData("bad-", "repo")]
    [InlineData("double--hyphen", "repo")]
    [InlineData("", "repo")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd", "repo")]
    [InlineData("owner", "../evil")]
    [InlineData("owner", "a/b")]
    [InlineData("owner", "..")]
    [InlineData("owner", ".")]
    [InlineData("owner", "")]
    [InlineData("owner", "with space")]
    [InlineData("owner", "%2e%2e")]
    [InlineData("owner", "repo?per_page=1")]
    public async Task Invalid_owner_or_repository_is_rejected_before_any_request(string owner, string repo)
    {
        var handler = new FakeGitHubHandler(_ => throw new InvalidOperationException("no request expected"));
        var client = TestClients.Rest(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => client.ListWorkflowRunsAsync(owner, repo, request: WithToken));
        await Assert.ThrowsAsync<ArgumentException>(() => client.RerunWorkflowRunAsync(owner, repo, 1, request: WithToken));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("octo-org", "octo-repo")]
    [InlineData("a", "a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abc", "Hello.World_2-x")]
    [InlineData("Codertocat", ".github")]
    public void Valid_github_names_pass_validation(string owner, string repo)
    {
        Assert.True(GitHubNames.IsValidOwner(owner));
        Assert.True(GitHubNames.IsValidRepositoryName(repo));
    }

    [Theory]
    [InlineData("octo-org\n", "octo-repo")]
    [InlineData("octo-org", "octo-repo\n")]
    [InlineData("octo-org", "build.yml\n")]
    public void A_trailing_newline_does_not_pass_validation(string owner, string repo)
    {
        // "$" would match before a final line break; the patterns end with \z.
        Assert.False(GitHubNames.IsValidOwner(owner) && GitHubNames.IsValidRepositoryName(repo) && GitHubNames.IsValidWorkflowFileName(repo));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Per_page_outside_1_to_100_is_rejected_before_any_request(int perPage)
    {
        var handler = new FakeGitHubHandler(_ => throw new InvalidOperationException("no request expected"));
        var client = TestClients.Rest(handler);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = perPage }, WithToken));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Workflow_run_filters_are_sent_escaped()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json")));
        var client = TestClients.Rest(handler);

        await client.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery
        {
            Branch = "feature/x",
            Status = "in_progress",
            Event = "pull_request",
            Actor = "octocat",
            Created = ">=2024-01-01",
            PerPage = 100,
            Page = 2,
        }, WithToken);

        Assert.Equal(
            "/repos/octo-org/octo-repo/actions/runs?branch=feature%2Fx&status=in_progress&event=pull_request&actor=octocat&created=%3E%3D2024-01-01&per_page=100&page=2",
            Assert.Single(handler.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData("https://ghe.example.com/api/v3")]
    [InlineData("https://ghe.example.com/api/v3/")]
    public async Task Enterprise_server_base_url_keeps_its_api_v3_path(string apiBaseUrl)
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json")));
        var client = TestClients.Rest(handler, configure: o => o.ApiBaseUrl = apiBaseUrl);

        await client.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { PerPage = 10 }, WithToken);
        await client.GetRateLimitAsync(WithToken);

        Assert.Equal("https://ghe.example.com/api/v3/repos/octo-org/octo-repo/actions/runs?per_page=10", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("https://ghe.example.com/api/v3/rate_limit", handler.Requests[1].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Enterprise_server_next_page_under_api_v3_is_followed()
    {
        var handler = new FakeGitHubHandler(request => PagedRuns(request, pages: 2, apiBase: "https://ghe.example.com/api/v3/"));
        var client = TestClients.Rest(handler, configure: o => o.ApiBaseUrl = "https://ghe.example.com/api/v3");

        var ids = new List<long>();
        await foreach (var run in client.ListAllWorkflowRunsAsync("octo-org", "octo-repo", request: WithToken))
        {
            ids.Add(run.Id);
        }

        Assert.Equal([1L, 2L], ids);
        Assert.All(handler.Requests, r => Assert.StartsWith("/api/v3/", r.Uri.AbsolutePath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rerun_cancel_and_job_rerun_post_to_their_endpoints()
    {
        var handler = new FakeGitHubHandler(request => FakeResponses.Status(
            request.Uri.AbsolutePath.EndsWith("/cancel", StringComparison.Ordinal) ? HttpStatusCode.Accepted : HttpStatusCode.Created,
            h => FakeResponses.RateLimit(h, 5000, 4990, 10, ResetAt1405)));
        var client = TestClients.Rest(handler);

        var rerun = await client.RerunWorkflowRunAsync("octo-org", "octo-repo", 30433642, request: WithToken);
        await client.RerunFailedJobsAsync("octo-org", "octo-repo", 30433642, enableDebugLogging: true, request: WithToken);
        var cancel = await client.CancelWorkflowRunAsync("octo-org", "octo-repo", 30433642, WithToken);
        await client.RerunJobAsync("octo-org", "octo-repo", 399444496, request: WithToken);

        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.Equal(
        [
            "/repos/octo-org/octo-repo/actions/runs/30433642/rerun",
            "/repos/octo-org/octo-repo/actions/runs/30433642/rerun-failed-jobs",
            "/repos/octo-org/octo-repo/actions/runs/30433642/cancel",
            "/repos/octo-org/octo-repo/actions/jobs/399444496/rerun",
        ], handler.Requests.Select(r => r.PathAndQuery));
        Assert.Null(handler.Requests[0].Body);
        Assert.Equal("""{"enable_debug_logging":true}""", handler.Requests[1].Body);
        Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(4990, cancel.RateLimit?.Remaining);
    }

    [Fact]
    public async Task Every_read_endpoint_hits_its_documented_path()
    {
        var installationRepositories = """{"total_count":1,"repository_selection":"selected","repositories":""" +
            Encoding.UTF8.GetString(Samples.Rest("list-repos-for-authenticated-user.json")) + "}";
        var handler = new FakeGitHubHandler(request => request.Uri.AbsolutePath switch
        {
            "/user" => FakeResponses.Json(Samples.Rest("get-authenticated-user.json")),
            "/user/repos" => FakeResponses.Json(Samples.Rest("list-repos-for-authenticated-user.json")),
            "/user/installations" => FakeResponses.Json(Samples.Rest("list-user-installations.json")),
            "/user/installations/1/repositories" => FakeResponses.Json(installationRepositories),
            "/repos/octo-org/octo-repo/actions/workflows" => FakeResponses.Json(Samples.Rest("list-repo-workflows.json")),
            "/repos/octo-org/octo-repo/actions/workflows/161335/runs" => FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json")),
            "/repos/octo-org/octo-repo/actions/workflows/build.yml/runs" => FakeResponses.Json(Samples.Rest("list-workflow-runs-for-repo.json")),
            "/repos/octo-org/octo-repo/actions/runs/29679449/jobs" => FakeResponses.Json(Samples.Rest("list-jobs-for-workflow-run.json")),
            "/rate_limit" => FakeResponses.Json(Samples.Rest("rate-limit.json")),
            _ => FakeResponses.Json("""{"message":"Not Found"}""", HttpStatusCode.NotFound),
        });
        var client = TestClients.Rest(handler).WithToken(Token);

        Assert.Equal("octocat", (await client.GetAuthenticatedUserAsync()).Value?.Login);
        Assert.Equal(new RepositoryPermissions { Pull = true },
            (await client.ListRepositoriesForAuthenticatedUserAsync(new RepositoriesQuery { Affiliation = "owner,collaborator" })).Value?.Items[0].Permissions);
        Assert.Equal(2, (await client.ListInstallationsForAuthenticatedUserAsync()).Value?.TotalCount);
        var repositories = (await client.ListInstallationRepositoriesForAuthenticatedUserAsync(1)).GetValueOrThrow();
        Assert.Equal("octocat/Hello-World", Assert.Single(repositories.Items).FullName);
        Assert.Equal(2, (await client.ListWorkflowsAsync("octo-org", "octo-repo")).Value?.Items.Count);
        Assert.Single((await client.ListWorkflowRunsForWorkflowAsync("octo-org", "octo-repo", 161335)).GetValueOrThrow().Items);
        Assert.Single((await client.ListWorkflowRunsForWorkflowAsync("octo-org", "octo-repo", "build.yml")).GetValueOrThrow().Items);
        var jobs = (await client.ListJobsForWorkflowRunAsync("octo-org", "octo-repo", 29679449, new WorkflowJobsQuery { Filter = "all" })).GetValueOrThrow();
        Assert.Equal(10, Assert.Single(jobs.Items).Steps.Count);
        Assert.Equal(4999, (await client.GetRateLimitAsync()).Value?.Core?.Remaining);

        Assert.Contains(handler.Requests, r => r.PathAndQuery == "/user/repos?affiliation=owner%2Ccollaborator");
        Assert.Contains(handler.Requests, r => r.PathAndQuery == "/repos/octo-org/octo-repo/actions/runs/29679449/jobs?filter=all");
        Assert.All(handler.Requests, r => Assert.Equal(Token, r.Authorization?.Parameter));
    }

    private static async Task<GitHubApiException> FailWith(HttpStatusCode status, string body, Action<System.Net.Http.Headers.HttpResponseHeaders>? headers = null)
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(body, status, headers));
        var client = TestClients.Rest(handler, new FakeTimeProvider(TestClients.Now));
        return await Assert.ThrowsAsync<GitHubApiException>(() => client.GetWorkflowRunAsync("octo-org", "octo-repo", 42, WithToken));
    }

    /// <summary>Runs 1..pages, one a page, linked the way GitHub links them (by repository id).</summary>
    private static HttpResponseMessage PagedRuns(RecordedRequest request, int pages, string apiBase = "https://api.github.com/")
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var template = System.Text.Json.JsonSerializer.Deserialize(Samples.Rest("list-workflow-runs-for-repo.json"), GitHubJsonContext.Default.WorkflowRunList)!;
        var body = template with { TotalCount = pages, WorkflowRuns = [template.WorkflowRuns[0] with { Id = page }] };
        var json = System.Text.Json.JsonSerializer.Serialize(body, GitHubJsonContext.Default.WorkflowRunList);

        string Link(int target) => $"<{apiBase}repositories/1296269/actions/runs?per_page=1&page={target}>";
        var links = new List<string>();
        if (page < pages)
        {
            links.Add($"{Link(page + 1)}; rel=\"next\"");
            links.Add($"{Link(pages)}; rel=\"last\"");
        }
        if (page > 1)
        {
            links.Add($"{Link(1)}; rel=\"first\"");
            links.Add($"{Link(page - 1)}; rel=\"prev\"");
        }
        return FakeResponses.Json(json, headers: h =>
        {
            FakeResponses.RateLimit(h, 5000, 5000 - page, page, ResetAt1405);
            if (links.Count > 0)
            {
                h.TryAddWithoutValidation("Link", string.Join(", ", links));
            }
        });
    }
}
