using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Http.Resilience;
using Xunit.Abstractions;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>What GitHub fails with (a hang, 4xx on one repository, 410, 422, a rate-limited write) becomes an answer a person can act on.</summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class GitHubErrorTests(GitHubProxyFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly object NoWorkflows = new { total_count = 0, workflows = Array.Empty<object>() };
    private static readonly object NoRuns = new { total_count = 0, workflow_runs = Array.Empty<object>() };

    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 5000);
        await fixture.ResetAsync();
    }

    [Fact]
    public async Task When_GitHub_hangs_past_the_attempt_timeout_the_last_good_answer_is_served_and_without_one_a_503()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/slow"]];
        gitHub.Json("/repos/fake-org/slow/actions/workflows", NoWorkflows);
        // Stopped within bounds: one run in a few hung for minutes in this proxy's teardown (its state machines gone from the
        // heap, as when a broker client's close waits on a reply its closed connection can no longer give). The teardown
        // is not what this test checks; a hung one is abandoned and reported instead of hanging the run.
        await using var proxy = new BoundedDisposal<WebApplicationFactory<Program>>(fixture.CreateProxy(gitHub, new Dictionary<string, string?>
        {
            ["GitHubProxy:RepositoriesFreshness"] = "00:00:10",
            ["GitHubProxy:WorkflowsFreshness"] = "00:00:10",
            ["GitHubProxy:StaleWhileRevalidate"] = "00:00:01",
        }).WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Configure<HttpStandardResilienceOptions>(GitHubProxy.Api.Extensions.Extensions.GitHubResilienceOptionsName, resilience =>
            {
                // The client's one retry stays (the standard handler allows no fewer): two attempts of 300 ms.
                resilience.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
            }))), TimeSpan.FromSeconds(30), output);
        using var client = fixture.ClientFor(proxy.Value, GitHubProxyFixture.Scripted);
        var good = await client.GetFromJsonAsync<JsonObject>("/api/repos/fake-org/slow/workflows");

        // From now on GitHub accepts every request and answers none within the test: only the resilience handler's timeout
        // ends it. Not forever: a request the proxy leaves open (a background revalidation) must not keep the fake from stopping.
        var hang = (HttpContext context) => Task.Delay(FakeGitHub.Hang, context.RequestAborted);
        gitHub.On("/user/repos", hang);
        gitHub.On("/repos/fake-org/slow/actions/workflows", hang);
        gitHub.On("/repos/fake-org/slow/actions/runs", hang);
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));

        using var stale = await client.GetAsync("/api/repos/fake-org/slow/workflows");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(stale);
        Assert.True((bool)body["stale"]!);
        Assert.Equal((string?)good!["fetchedAt"], (string?)body["fetchedAt"]);

        using var uncached = await client.GetAsync("/api/repos/fake-org/slow/runs?perPage=3");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.Equal("GitHub unavailable", (string?)(await GitHubProxyFixture.ReadJsonAsync(uncached))["title"]);
    }

    [Fact]
    public async Task A_repository_GitHub_refuses_is_shown_stale_without_runs_and_the_others_still_come()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/alpha", "fake-org/gone"]];
        gitHub.Json("/repos/fake-org/alpha/actions/runs", NoRuns);
        gitHub.Json("/repos/fake-org/gone/actions/runs", new { message = "Repository access blocked" }, StatusCodes.Status410Gone);
        await using var proxy = fixture.CreateProxy(gitHub);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);
        await SelectAsync(client, "fake-org/alpha", "fake-org/gone");

        using var response = await client.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var repositories = (await GitHubProxyFixture.ReadJsonAsync(response))["repositories"]!.AsArray();
        var alpha = repositories.Single(r => (string)r!["fullName"]! == "fake-org/alpha")!;
        var gone = repositories.Single(r => (string)r!["fullName"]! == "fake-org/gone")!;
        Assert.False((bool)alpha["stale"]!);
        Assert.True((bool)gone["stale"]!);
        Assert.Empty(gone["runs"]!.AsArray());
    }

    [Fact]
    public async Task A_rerun_GitHub_answers_with_a_502_is_sent_to_GitHub_once()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/alpha"]];
        gitHub.Json("/repos/fake-org/alpha/actions/runs/42/rerun", new { message = "Server Error" }, StatusCodes.Status502BadGateway);
        await using var proxy = fixture.CreateProxy(gitHub);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);

        using var response = await client.PostAsync("/api/repos/fake-org/alpha/runs/42/rerun", null);

        // A transient answer to a write is not retried: GitHub may have started the re-run before it failed.
        Assert.False(response.IsSuccessStatusCode);
        Assert.Single(gitHub.Requests, request => request == "POST /repos/fake-org/alpha/actions/runs/42/rerun");
    }

    [Fact]
    public async Task The_dashboard_asks_GitHub_about_at_most_eight_repositories_at_once()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        var names = Enumerable.Range(0, 9).Select(i => $"fake-org/r{i}").ToArray();
        gitHub.RepositoryPages = [names];
        var holding = false;
        var inFlight = 0;
        var most = 0;
        var ninth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var name in names)
        {
            gitHub.On($"/repos/{name}/actions/runs", async context =>
            {
                if (Volatile.Read(ref holding))
                {
                    var now = Interlocked.Increment(ref inFlight);
                    InterlockedMax(ref most, now);
                    if (now >= 9)
                    {
                        ninth.TrySetResult();
                    }

                    // Held until all nine are in at once (which must never happen), or for a second at most.
                    await Task.WhenAny(ninth.Task, Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted));
                    Interlocked.Decrement(ref inFlight);
                }

                await context.Response.WriteAsJsonAsync(NoRuns);
            });
        }

        await using var proxy = fixture.CreateProxy(gitHub);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);
        await SelectAsync(client, names);
        // The backfill queued by the selection reads the same runs: let it finish, then forget every cached answer.
        await WaitUntilAsync(async () => (await fixture.QueryAsync(
            "SELECT count(*) FROM tracked_repositories WHERE repository LIKE 'fake-org/r_' AND backfilled_at IS NOT NULL", r => r.GetInt64(0))).Single() == 9);
        await fixture.ResetAsync();
        Volatile.Write(ref holding, true);

        using var response = await client.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, (await GitHubProxyFixture.ReadJsonAsync(response))["repositories"]!.AsArray().Count);
        Assert.InRange(Volatile.Read(ref most), 1, 8);
    }

    [Fact]
    public async Task GitHubs_422_on_a_read_is_a_400_and_its_410_a_404_problem()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/alpha"]];
        gitHub.Json("/repos/fake-org/alpha/actions/runs",
            new { message = "Validation Failed", errors = new[] { new { resource = "WorkflowRun", field = "created", code = "invalid" } } },
            StatusCodes.Status422UnprocessableEntity);
        gitHub.Json("/repos/fake-org/alpha/actions/workflows", new { message = "Actions has been disabled for this repository." }, StatusCodes.Status410Gone);
        await using var proxy = fixture.CreateProxy(gitHub);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);

        using var invalid = await client.GetAsync("/api/repos/fake-org/alpha/runs?branch=x");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Validation Failed", (string)(await GitHubProxyFixture.ReadJsonAsync(invalid))["detail"]!);

        using var gone = await client.GetAsync("/api/repos/fake-org/alpha/workflows");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Actions has been disabled", (string)(await GitHubProxyFixture.ReadJsonAsync(gone))["detail"]!);
    }

    [Fact]
    public async Task A_rate_limited_write_is_a_503_that_says_when_to_retry()
    {
        var run = await fixture.StartRunAsync("octo-org/octo-repo");
        var id = (long)run["id"]!;
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        (await client.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 0);

        using var response = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
    }

    private static async Task SelectAsync(HttpClient client, params string[] repositories)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = repositories.Select(r => new { fullName = r }).ToArray(),
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        saved.EnsureSuccessStatusCode();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Eventually.UntilAsync(condition, "for the backfill", TimeSpan.FromSeconds(20));
}
