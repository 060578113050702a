using ActionsDashboard.IntegrationEvents;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// <c>GET /api/dashboard</c> carries an ETag when every repository is read from the read model: a revalidation of an
/// unchanged dashboard is a 304 at no GitHub cost, and a new run, a settings change or a new minute gives a new ETag.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class DashboardETagTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static long _nextRunId = 880_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unchanged_dashboard_revalidates_as_304_and_a_new_run_or_a_settings_change_answers_it_again()
    {
        var name = $"etag-{Guid.NewGuid().ToString("N")[..8]}";
        var fullName = $"octo-org/{name}";
        var id = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        var repository = new RepositoryReference(id, fullName, "octo-org", name);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await octocat.GetFromJsonAsync<JsonObject>("/api/settings");
        try
        {
            await SelectAsync(octocat, fullName, category: null);
            await Eventually.UntilAsync(async () => (await fixture.QueryAsync(
                "SELECT count(*) FROM tracked_repositories WHERE repository_id = @id AND backfilled_at IS NOT NULL", r => r.GetInt64(0),
                ("id", id))).Single() == 1, "for the backfill", TimeSpan.FromSeconds(20));
            var first = TestEvents.WorkflowRun(repository, Interlocked.Increment(ref _nextRunId));
            await fixture.PublishAsync(first);
            var etag = await ETagOnceShownAsync(octocat, fullName, first.RunId);

            // Unchanged: 304, no body, no GitHub call.
            await fixture.ClearRequestLogAsync();
            using (var unchanged = await GetAsync(octocat, etag))
            {
                Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
                Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
                Assert.Equal(etag, unchanged.Headers.ETag?.Tag);
            }

            Assert.Equal(0, await fixture.GitHubCallsAsync());

            // A new run of the repository: the old ETag no longer matches, and the answer has the run.
            var second = TestEvents.WorkflowRun(repository, Interlocked.Increment(ref _nextRunId)) with { WorkflowId = 424243 };
            await fixture.PublishAsync(second);
            var afterRun = await ETagOnceShownAsync(octocat, fullName, second.RunId, ifNoneMatch: etag);
            Assert.NotEqual(etag, afterRun);

            // A settings change (a category) changes the answer, so the ETag too.
            await SelectAsync(octocat, fullName, category: "Platform");
            using var recategorised = await GetAsync(octocat, afterRun);
            Assert.Equal(HttpStatusCode.OK, recategorised.StatusCode);
            var body = await GitHubProxyFixture.ReadJsonAsync(recategorised);
            Assert.Equal("Platform", (string?)body["repositories"]![0]!["category"]);
            Assert.NotEqual(afterRun, recategorised.Headers.ETag?.Tag);
            Assert.True(recategorised.Headers.CacheControl is { Private: true, NoCache: true });
        }
        finally
        {
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Asks (with <paramref name="ifNoneMatch"/>) until the dashboard answers 200 with the run and an ETag: that ETag.</summary>
    private static async Task<string> ETagOnceShownAsync(HttpClient client, string fullName, long runId, string? ifNoneMatch = null)
    {
        string? etag = null;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await GetAsync(client, ifNoneMatch);
            if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is null)
            {
                return false;
            }

            var body = await GitHubProxyFixture.ReadJsonAsync(response);
            var repository = body["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == fullName)!;
            etag = response.Headers.ETag.Tag;
            return repository["runs"]!.AsArray().Any(r => (long)r!["id"]! == runId);
        }, $"for run {runId} on the dashboard with an ETag", TimeSpan.FromSeconds(20));
        return etag!;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    private static async Task SelectAsync(HttpClient client, string fullName, string? category)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName, category } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }
}
