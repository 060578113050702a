using System.Diagnostics;
using GitHub.Simulator.ConformanceTests.Infrastructure;
using GitHubProxy.Api.FunctionalTests.Infrastructure;
using GitHubProxy.Api.Services;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;

namespace GitHubProxy.Bench;

/// <summary>
/// The evaluation of Octokit 14 for the proxy's reads (issue #16): what the dashboard reads from GitHub (each user's
/// repositories, then each selected repository's latest runs), through Octokit with its <see cref="CachingHttpClient"/>
/// and a response cache per user, so every repeated read is a conditional request. The cache is in memory, cheaper than
/// the Redis one adopting Octokit would need, so the figures favour Octokit. Run after the team hour, on the same
/// simulator, with the same 20 users and 50 repositories.
/// </summary>
internal static class OctokitRound
{
    public static async Task RunAsync(GitHubProxyFixture fixture, IReadOnlyList<string> tokens, IReadOnlyList<string> repositories)
    {
        var product = new ProductHeaderValue("ActionsDashboard-bench");
        // Octokit adds /api/v3/ to a base address that is not api.github.com (the simulator answers there too).
        var baseAddress = new GitHubClient(product, fixture.SimulatorUrl).Connection.BaseAddress;
        var clients = tokens.Select(token => new GitHubClient(new Connection(product, baseAddress,
            new InMemoryCredentialStore(new Credentials(token)),
            new CachingHttpClient(new HttpClientAdapter(() => new SocketsHttpHandler { UseProxy = false }), new InMemoryResponseCache()),
            new SimpleJsonSerializer()))).ToList();

        // Cold: every cache empty.
        await Task.WhenAll(clients.Select(client => PageAsync(client, repositories)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fixture.ClearRequestLogAsync();

        // Warm: nothing changed on GitHub since; each user's page again, one after another, timed.
        var timings = new List<double>();
        foreach (var client in clients)
        {
            var watch = Stopwatch.StartNew();
            await PageAsync(client, repositories);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        var log = await fixture.RequestLogAsync();
        var calls = (int)log["total"]!;
        var notModified = log["by_status"]!["304"] is { } n304 ? (int)n304 : 0;
        timings.Sort();
        Console.WriteLine();
        Console.WriteLine($"Octokit 14 + CachingHttpClient (a response cache per user, in memory), the same {clients.Count} users x {repositories.Count} repositories:");
        Console.WriteLine($"  one warm dashboard round (nothing changed): {calls} GitHub calls ({notModified} of them 304s), {calls / clients.Count} per user");
        Console.WriteLine($"  GitHub calls per hour at one dashboard a minute: {calls * 60} ({(calls - notModified) * 60} counted against rate limits)");
        Console.WriteLine($"  warm page (the user's reads, {DashboardBuilder.MaxConcurrentGitHubCalls} at a time, on loopback): p50 {BenchProgram.Percentile(timings, 0.50):F1} ms   max {timings[^1]:F1} ms");
    }

    private static async Task PageAsync(GitHubClient client, IReadOnlyList<string> repositories)
    {
        await client.Repository.GetAllForCurrent(new ApiOptions { PageSize = 100, PageCount = 1, StartPage = 1 });
        using var gate = new SemaphoreSlim(DashboardBuilder.MaxConcurrentGitHubCalls);
        await Task.WhenAll(repositories.Select(async fullName =>
        {
            await gate.WaitAsync();
            try
            {
                var (owner, name) = (fullName[..fullName.IndexOf('/', StringComparison.Ordinal)], fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..]);
                await client.Actions.Workflows.Runs.List(owner, name, new WorkflowRunsRequest(), new ApiOptions { PageSize = 30, PageCount = 1, StartPage = 1 });
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
