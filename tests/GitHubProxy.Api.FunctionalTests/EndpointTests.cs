namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class EndpointTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task User_answers_the_profile_and_the_rate_limit_budget()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var response = await client.GetAsync("/api/user");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal("octocat", (string?)body["login"]);
        Assert.Equal(1, (long)body["id"]!);
        Assert.True(body.ContainsKey("name"));
        Assert.True(body.ContainsKey("htmlUrl"));
        Assert.True((int)body["rateLimit"]!["limit"]! > 0);
        Assert.EndsWith("Z", (string)body["rateLimit"]!["resetAt"]!);
    }

    [Fact]
    public async Task Repos_lists_every_reachable_repository_sorted_with_permissions()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var body = await octocat.GetFromJsonAsync<JsonObject>("/api/repos");
        var names = body!["repositories"]!.AsArray().Select(r => (string)r!["fullName"]!).ToList();
        Assert.Contains("octo-org/octo-repo", names);
        Assert.Contains("octo-org/infra", names);
        Assert.Contains("octocat/hello-world", names);
        Assert.Equal(names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), names);
        Assert.False((bool)body["stale"]!);
        Assert.NotNull(body["fetchedAt"]);
        var repo = body["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == "octo-org/octo-repo")!;
        Assert.True((bool)repo["private"]!);
        Assert.True((bool)repo["canRerun"]!);
        Assert.Equal("Organization", (string?)repo["ownerType"]);
        Assert.Equal("octo-org", (string?)repo["owner"]);

        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        var hers = await monalisa.GetFromJsonAsync<JsonObject>("/api/repos");
        var herRepos = hers!["repositories"]!.AsArray();
        Assert.DoesNotContain(herRepos, r => (string)r!["fullName"]! == "octo-org/infra");
        var readOnly = herRepos.Single(r => (string)r!["fullName"]! == "octo-org/octo-repo")!;
        Assert.False((bool)readOnly["canRerun"]!);
        Assert.False((bool)readOnly["canCancel"]!);
    }

    [Fact]
    public async Task Runs_list_pages_and_filters_and_answers_the_contract_shape()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var body = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?perPage=2&page=1");
        var runs = body!["runs"]!.AsArray();
        Assert.Equal(2, runs.Count);
        Assert.Equal(1, (int)body["page"]!);
        Assert.Equal(2, (int)body["perPage"]!);
        Assert.True((int)body["totalCount"]! >= 2);
        Assert.False((bool)body["stale"]!);
        var run = runs[0]!.AsObject();
        foreach (var field in new[] { "id", "repository", "runNumber", "runAttempt", "workflowId", "workflowName", "displayTitle", "event", "branch",
                     "headSha", "commitMessage", "actor", "status", "conclusion", "createdAt", "startedAt", "updatedAt", "htmlUrl", "pullRequests" })
        {
            Assert.True(run.ContainsKey(field), $"Run has no '{field}'");
        }

        Assert.Equal("octo-org/octo-repo", (string?)run["repository"]);
        Assert.False(string.IsNullOrEmpty((string?)run["workflowName"]));

        var second = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?perPage=2&page=2");
        Assert.DoesNotContain(second!["runs"]!.AsArray().Select(r => (long)r!["id"]!), id => runs.Any(r => (long)r!["id"]! == id));

        var workflowId = (long)run["workflowId"]!;
        var filtered = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs?workflowId={workflowId}&status=completed");
        Assert.NotEmpty(filtered!["runs"]!.AsArray());
        Assert.All(filtered["runs"]!.AsArray(), r =>
        {
            Assert.Equal(workflowId, (long)r!["workflowId"]!);
            Assert.Equal("completed", (string?)r["status"]);
        });
    }

    [Fact]
    public async Task Runs_query_out_of_range_is_a_validation_problem()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var response = await client.GetAsync("/api/repos/octo-org/octo-repo/runs?perPage=101&page=0&status=bogus");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        var errors = body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("perPage"));
        Assert.True(errors.ContainsKey("page"));
        Assert.True(errors.ContainsKey("status"));
    }

    [Fact]
    public async Task Run_and_its_jobs_with_steps_and_workflows()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var list = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?status=completed&perPage=1");
        var id = (long)list!["runs"]![0]!["id"]!;

        var run = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{id}");
        Assert.Equal(id, (long)run!["id"]!);
        Assert.False((bool)run["stale"]!);
        Assert.NotNull(run["fetchedAt"]);
        Assert.Equal("completed", (string?)run["status"]);

        var jobs = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{id}/jobs");
        var job = jobs!["jobs"]!.AsArray()[0]!.AsObject();
        Assert.Equal(id, (long)job["runId"]!);
        foreach (var field in new[] { "id", "runAttempt", "name", "status", "conclusion", "createdAt", "startedAt", "completedAt", "runnerName", "labels", "htmlUrl", "steps" })
        {
            Assert.True(job.ContainsKey(field), $"Job has no '{field}'");
        }

        var step = job["steps"]!.AsArray()[0]!.AsObject();
        Assert.Equal(1, (int)step["number"]!);
        Assert.False(string.IsNullOrEmpty((string?)step["name"]));

        var workflows = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");
        var names = workflows!["workflows"]!.AsArray().Select(w => (string)w!["name"]!).ToList();
        Assert.Contains("CI", names);
        Assert.Contains("Linter", names);
        Assert.StartsWith(".github/workflows/", (string)workflows["workflows"]![0]!["path"]!);

        using var missing = await client.GetAsync("/api/repos/octo-org/octo-repo/runs/999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Repository_names_are_matched_case_insensitively_and_answered_in_GitHubs_spelling()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var body = await client.GetFromJsonAsync<JsonObject>("/api/repos/OCTO-ORG/Octo-Repo/runs?perPage=1");
        Assert.Equal("octo-org/octo-repo", (string?)body!["runs"]![0]!["repository"]);
    }

    [Fact]
    public async Task A_user_with_nothing_selected_gets_an_empty_dashboard()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Hubot);
        var dashboard = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        Assert.Empty(dashboard!["repositories"]!.AsArray());
        Assert.EndsWith("Z", (string)dashboard["generatedAt"]!);
    }

    [Fact]
    public async Task Health_is_ready_with_migrations_applied_and_the_subscription_in_place_and_names_each_server_after_its_connection()
    {
        using var client = fixture.Proxy.CreateClient();
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The Aspire client integrations' checks carry the connection names the AppHost and its dashboard use.
        var entries = (await health.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["entries"]!.AsObject();
        Assert.Superset(new HashSet<string> { "dashboarddb", "dashboarddb-migrations", "redis", "eventbus" }, entries.Select(e => e.Key).ToHashSet());
        Assert.All(entries, entry => Assert.Equal("Healthy", (string?)entry.Value!["status"]));
        Assert.Equal(1, (await fixture.QueryAsync("SELECT count(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_RunInstallation'",
            r => r.GetInt64(0))).Single());
    }

    [Fact]
    public async Task Without_an_identity_token_every_api_route_is_401()
    {
        using var client = fixture.Proxy.CreateClient();
        using var response = await client.GetAsync("/api/repos");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await fixture.GitHubCallsAsync());
    }
}
