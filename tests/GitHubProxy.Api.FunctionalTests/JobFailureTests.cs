using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// <c>GET /api/repos/{owner}/{repo}/jobs/{jobId}/failure</c>: a failed job's failed step, the end of that step's log (fetched
/// from GitHub's pre-signed log URL without the user's token, at most the configured bytes), its annotations and its run's
/// pull requests.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class JobFailureTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private const string LogsRoute = "GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs";
    private const string LogHostRoute = "GET /_actions-results/jobs/{job_id}/logs.txt";

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    /// <summary>A run of octo-org/octo-repo's CI finished now with the given conclusion: its jobs as the simulator has them.</summary>
    private async Task<JsonArray> FinishedJobsAsync(string conclusion)
    {
        var run = await fixture.StartRunAsync("octo-org/octo-repo", conclusion);
        await fixture.CompleteRunAsync((long)run["id"]!, conclusion);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.SimulatorUrl, $"/repos/octo-org/octo-repo/actions/runs/{(long)run["id"]!}/jobs"));
        request.Headers.Authorization = new("Bearer", fixture.GitHubTokens[GitHubProxyFixture.Octocat]);
        using var response = await fixture.Http.SendAsync(request);
        return (JsonArray)(await GitHubProxyFixture.ReadJsonAsync(response))["jobs"]!;
    }

    [Fact]
    public async Task Failed_job_answers_its_failed_step_the_end_of_that_steps_log_and_its_annotations()
    {
        var job = (await FinishedJobsAsync("failure")).Single(j => (string?)j!["conclusion"] == "failure")!;
        var failedStep = job["steps"]!.AsArray().Single(s => (string?)s!["conclusion"] == "failure")!;
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await client.GetAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/failure");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal((long)job["id"]!, (long)body["jobId"]!);
        Assert.Equal((string?)job["name"], (string?)body["jobName"]);
        Assert.Equal((int)failedStep["number"]!, (int)body["failedStep"]!["number"]!);
        Assert.Equal((string?)failedStep["name"], (string?)body["failedStep"]!["name"]);
        var tail = body["logTail"]!.AsArray();
        Assert.InRange(tail.Count, 1, 100);
        Assert.All(tail, line => Assert.EndsWith("Z", (string)line!["time"]!, StringComparison.Ordinal));
        Assert.Contains(tail, line => ((string)line!["text"]!).StartsWith("##[error]", StringComparison.Ordinal));
        Assert.DoesNotContain(tail, line => ((string)line!["text"]!).StartsWith("20", StringComparison.Ordinal));
        Assert.False((bool)body["logTruncated"]!);
        Assert.True((bool)body["logAvailable"]!);
        var annotations = body["annotations"]!.AsArray();
        Assert.Contains(annotations, a => (string?)a!["path"] == ".github" && (string?)a["level"] == "failure"
            && (string?)a["message"] == "Process completed with exit code 1." && (int)a["startLine"]! == 1);
        Assert.Contains(annotations, a => ((string)a!["path"]!).Contains('/', StringComparison.Ordinal) && (int)a["startLine"]! > 0);
        Assert.Equal((string?)job["html_url"], (string?)body["htmlUrl"]);
        Assert.Empty(body["pullRequests"]!.AsArray());
        Assert.False((bool)body["stale"]!);
    }

    [Fact]
    public async Task The_log_is_read_once_then_served_from_the_cache_and_never_with_the_users_token()
    {
        var job = (await FinishedJobsAsync("failure")).Single(j => (string?)j!["conclusion"] == "failure")!;
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        await fixture.ClearRequestLogAsync();

        using var first = await client.GetAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/failure");
        using var second = await client.GetAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/failure");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((await GitHubProxyFixture.ReadJsonAsync(first))["logTail"]!.ToJsonString(),
            (await GitHubProxyFixture.ReadJsonAsync(second))["logTail"]!.ToJsonString());
        Assert.Equal(1, await fixture.GitHubCallsAsync(LogsRoute));
        Assert.Equal(1, await fixture.GitHubCallsAsync(LogHostRoute));
        // The simulator's log host refuses (400) and records any request that brings an Authorization header.
        var log = await fixture.RequestLogAsync();
        var atLogHost = log["recent"]!.AsArray().Where(r => (string?)r!["route"] == LogHostRoute).ToList();
        Assert.All(atLogHost, r => Assert.Null((string?)r!["token"]));
        Assert.All(atLogHost, r => Assert.Equal(206, (int)r!["status_code"]!));
    }

    [Fact]
    public async Task Job_that_did_not_fail_answers_no_failed_step_and_no_log_without_reading_it()
    {
        var job = (await FinishedJobsAsync("success"))[0]!;
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await client.GetAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/failure");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Null(body["failedStep"]);
        Assert.Empty(body["logTail"]!.AsArray());
        Assert.Empty(body["annotations"]!.AsArray());
        Assert.Equal("success", (string?)body["conclusion"]);
        Assert.Equal(0, await fixture.GitHubCallsAsync(LogsRoute));
    }

    [Fact]
    public async Task Job_in_another_users_private_repository_is_404_without_asking_GitHub_and_an_unknown_job_is_404()
    {
        var job = (await FinishedJobsAsync("failure"))[0]!;
        using var hubot = fixture.ClientFor(GitHubProxyFixture.Hubot);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        _ = await hubot.GetAsync("/api/repos");
        await fixture.ClearRequestLogAsync();

        using var foreign = await hubot.GetAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/failure");
        var callsForForeign = await fixture.GitHubCallsAsync();
        using var unknown = await octocat.GetAsync("/api/repos/octo-org/octo-repo/jobs/1/failure");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("Repository not found", (string?)(await GitHubProxyFixture.ReadJsonAsync(foreign))["title"]);
        Assert.Equal(0, callsForForeign);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Job not found", (string?)(await GitHubProxyFixture.ReadJsonAsync(unknown))["title"]);
    }

    [Fact]
    public async Task A_log_host_elsewhere_gets_no_authorization_header_only_the_capped_tail_is_kept_and_pull_requests_are_linked()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        await using var logHost = await FakeGitHub.StartAsync();
        var seen = new ConcurrentQueue<(string? Authorization, string? Range)>();
        var started = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        // 6 MiB of the test step's output, more than the 5 MiB cap, then its failure: the host ignores the range and sends it all.
        var log = BigLog(started, 6 * 1024 * 1024);
        logHost.On("/blob/77", async context =>
        {
            seen.Enqueue((context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Range.FirstOrDefault()));
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.Body.WriteAsync(log);
        });
        gitHub.RepositoryPages = [["fake-org/logs"]];
        gitHub.Json("/repos/fake-org/logs/actions/jobs/77", Job(started));
        gitHub.Json("/repos/fake-org/logs/check-runs/77/annotations", new[]
        {
            new { path = "src/Parser.cs", start_line = 12, end_line = 14, start_column = (int?)null, end_column = (int?)null,
                annotation_level = "failure", title = "CS0103", message = "The name 'x' does not exist", raw_details = (string?)null, blob_href = "https://x" },
        });
        gitHub.Json("/repos/fake-org/logs/actions/runs/5", Run());
        gitHub.On("/repos/fake-org/logs/actions/jobs/77/logs", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"{logHost.Url}blob/77?sig=signed";
            return Task.CompletedTask;
        });
        await using var proxy = fixture.CreateProxy(gitHub);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);

        using var response = await client.GetAsync("/api/repos/fake-org/logs/jobs/77/failure");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        var (authorization, range) = Assert.Single(seen);
        Assert.Null(authorization);
        Assert.Equal("bytes=-5242880", range);
        Assert.Equal(new JsonObject { ["number"] = 3, ["name"] = "Run tests" }.ToJsonString(), body["failedStep"]!.ToJsonString());
        var tail = body["logTail"]!.AsArray();
        Assert.Equal(100, tail.Count);
        Assert.Equal("##[error]Process completed with exit code 1.", (string?)tail[^1]!["text"]);
        Assert.Equal("output line 1 of the tests", (string?)tail[^3]!["text"]);
        Assert.True((bool)body["logTruncated"]!);
        var annotation = Assert.Single(body["annotations"]!.AsArray())!;
        Assert.Equal(("src/Parser.cs", 12, 14, "failure", "CS0103"), ((string)annotation["path"]!, (int)annotation["startLine"]!,
            (int)annotation["endLine"]!, (string)annotation["level"]!, (string)annotation["title"]!));
        var pullRequest = Assert.Single(body["pullRequests"]!.AsArray())!;
        Assert.Equal(12, (int)pullRequest["number"]!);
        Assert.Equal($"{gitHub.Url}fake-org/logs/pull/12", (string?)pullRequest["htmlUrl"]);
    }

    [Fact]
    public async Task When_GitHub_cannot_be_reached_the_failure_view_is_the_usual_503_problem()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        _ = await octocat.GetAsync("/api/repos");
        // A replica on the same Redis (the access list is there) whose GitHub is gone (nothing listens on port 9).
        await using var cutOff = fixture.CreateProxy(new Dictionary<string, string?>
        {
            ["GitHub:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["EventBus:QueueName"] = $"githubproxy-tests-down-{Guid.NewGuid():N}",
        });
        using var down = cutOff.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/repos/octo-org/octo-repo/jobs/123/failure");
        request.Headers.Add(ActionsDashboard.Identity.InternalIdentityDefaults.HeaderName, fixture.IdentityToken(GitHubProxyFixture.Octocat));

        var sending = down.SendAsync(request);
        // The resilience handler's retry delay runs on the fixture's clock: move it on while the request waits.
        while (await Task.WhenAny(sending, Task.Delay(50)) != sending)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        using var response = await sending;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("GitHub unavailable", (string?)(await GitHubProxyFixture.ReadJsonAsync(response))["title"]);
    }

    /// <summary>Steps 1-2 at 10:00:00-10:00:02, then "Run tests" from 10:00:03 to 10:05:00 with the big output and the error.</summary>
    private static byte[] BigLog(DateTimeOffset started, int outputBytes)
    {
        static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append('\uFEFF').Append(Stamp(started)).Append(" Current runner version: '2.321.0'\n");
        text.Append(Stamp(started.AddSeconds(1))).Append(" ##[group]Run actions/checkout@v4\n");
        text.Append(Stamp(started.AddSeconds(2))).Append(" ##[endgroup]\n");
        var line = 0;
        var filler = new string('x', 200);
        while (text.Length < outputBytes)
        {
            text.Append(Stamp(started.AddSeconds(3 + line % 290))).Append(" filler ").Append(filler).Append('\n');
            line++;
        }

        var end = started.AddSeconds(299);
        text.Append(Stamp(end)).Append(" output line 1 of the tests\n");
        text.Append(Stamp(end)).Append(" output line 2 of the tests\n");
        text.Append(Stamp(end.AddSeconds(0.5))).Append(" ##[error]Process completed with exit code 1.\n");
        text.Append(Stamp(end.AddSeconds(2))).Append(" Cleaning up orphan processes\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static object Job(DateTimeOffset started) => new
    {
        id = 77,
        run_id = 5,
        run_attempt = 1,
        name = "test",
        head_sha = "abc",
        status = "completed",
        conclusion = "failure",
        created_at = started,
        started_at = started,
        completed_at = started.AddSeconds(302),
        labels = new[] { "ubuntu-latest" },
        html_url = "https://github.example/fake-org/logs/actions/runs/5/job/77",
        steps = new object[]
        {
            new { name = "Set up job", status = "completed", conclusion = "success", number = 1, started_at = started, completed_at = started },
            new { name = "Run actions/checkout@v4", status = "completed", conclusion = "success", number = 2, started_at = started.AddSeconds(1), completed_at = started.AddSeconds(2) },
            new { name = "Run tests", status = "completed", conclusion = "failure", number = 3, started_at = started.AddSeconds(3), completed_at = started.AddSeconds(300) },
            new { name = "Complete job", status = "completed", conclusion = "success", number = 4, started_at = started.AddSeconds(301), completed_at = started.AddSeconds(302) },
        },
    };

    private static object Run() => new
    {
        id = 5,
        name = "CI",
        head_branch = "feature",
        head_sha = "abc",
        run_number = 9,
        run_attempt = 1,
        @event = "pull_request",
        status = "completed",
        conclusion = "failure",
        workflow_id = 1,
        created_at = "2026-12-01T10:00:00Z",
        updated_at = "2026-12-01T10:05:02Z",
        html_url = "https://github.example/fake-org/logs/actions/runs/5",
        pull_requests = new[] { new { id = 1012, number = 12, head = new { @ref = "feature", sha = "abc" }, @base = new { @ref = "main", sha = "def" } } },
    };
}
