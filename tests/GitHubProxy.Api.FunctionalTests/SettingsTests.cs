namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class SettingsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_user_gets_the_defaults()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Hubot);
        var settings = await client.GetFromJsonAsync<JsonObject>("/api/settings");
        Assert.Empty(settings!["repositories"]!.AsArray());
        Assert.Empty(settings["pinned"]!.AsArray());
        Assert.Equal("system", (string?)settings["theme"]);
        Assert.True((bool)settings["autoRefresh"]!["enabled"]!);
        Assert.Equal(60, (int)settings["autoRefresh"]!["intervalSeconds"]!);
        Assert.False((bool)settings["notifications"]!["failedRunsOnPinned"]!);
    }

    [Fact]
    public async Task Saved_settings_come_back_with_GitHubs_spelling()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        using var put = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new object[] { new { fullName = "OCTO-ORG/Octo-Repo", category = "Team" } },
            pinned = new[] { "octo-org/octo-repo" },
            theme = "dark",
            autoRefresh = new { enabled = false, intervalSeconds = 120 },
            notifications = new { failedRunsOnPinned = true },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await GitHubProxyFixture.ReadJsonAsync(put);
        Assert.Equal("octo-org/octo-repo", (string?)saved["repositories"]![0]!["fullName"]);

        var read = await client.GetFromJsonAsync<JsonObject>("/api/settings");
        Assert.Equal(saved.ToJsonString(), read!.ToJsonString());
        Assert.Equal("Team", (string?)read["repositories"]![0]!["category"]);
        Assert.Equal("dark", (string?)read["theme"]);
        Assert.Equal(120, (int)read["autoRefresh"]!["intervalSeconds"]!);
        Assert.True((bool)read["notifications"]!["failedRunsOnPinned"]!);
    }

    [Fact]
    public async Task Invalid_settings_are_a_400_naming_each_field_and_nothing_is_saved()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await client.GetFromJsonAsync<JsonObject>("/api/settings");

        using var put = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new object[]
            {
                new { fullName = "octo-org/octo-repo", category = new string('x', 51) },
                new { fullName = "octo-org/octo-repo", category = (string?)null },
                new { fullName = "not a name", category = (string?)null },
                new { fullName = "octo-org/not-there", category = (string?)null },
            },
            pinned = new[] { "octocat/hello-world" },
            theme = "purple",
            autoRefresh = new { enabled = true, intervalSeconds = 5 },
            notifications = new { failedRunsOnPinned = false },
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await GitHubProxyFixture.ReadJsonAsync(put);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "repositories[0].category", "repositories[1].fullName", "repositories[2].fullName", "repositories[3].fullName",
                     "pinned[0]", "theme", "autoRefresh.intervalSeconds" })
        {
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        }

        var after = await client.GetFromJsonAsync<JsonObject>("/api/settings");
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
    }

    [Fact]
    public async Task More_than_200_repositories_or_one_the_user_cannot_reach_is_refused()
    {
        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        using var unreachable = await monalisa.PutAsJsonAsync("/api/settings", new
        {
            repositories = new object[] { new { fullName = "octo-org/infra", category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "light",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.StatusCode);
        Assert.True((await GitHubProxyFixture.ReadJsonAsync(unreachable))["errors"]!.AsObject().ContainsKey("repositories[0].fullName"));

        using var tooMany = await monalisa.PutAsJsonAsync("/api/settings", new
        {
            repositories = Enumerable.Range(0, 201).Select(i => new { fullName = $"octo-org/repo-{i}", category = (string?)null }),
            pinned = Array.Empty<string>(),
            theme = "light",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await GitHubProxyFixture.ReadJsonAsync(tooMany))["errors"]!.AsObject().ContainsKey("repositories"));
    }

    [Fact]
    public async Task A_body_that_is_not_settings_is_a_400()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var response = await client.PutAsync("/api/settings", new StringContent("{\"theme\": 3", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Two_first_saves_of_a_new_user_at_the_same_time_both_succeed()
    {
        // Another request's first save holds the new row, not yet committed, while this request saves: this one's insert
        // waits on it, and meets the row once it commits.
        await using var other = new Npgsql.NpgsqlConnection(fixture.DashboardDb);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO user_settings (user_id, settings, updated_at) VALUES (@id, '{\"theme\":\"light\"}'::jsonb, now())", other, transaction))
        {
            insert.Parameters.AddWithValue("id", GitHubProxyFixture.Newcomer);
            await insert.ExecuteNonQueryAsync();
        }

        using var client = fixture.ClientFor(GitHubProxyFixture.Newcomer);
        var save = client.PutAsJsonAsync("/api/settings", new
        {
            repositories = Array.Empty<object>(),
            pinned = Array.Empty<string>(),
            theme = "dark",
            autoRefresh = new { enabled = false, intervalSeconds = 120 },
            notifications = new { failedRunsOnPinned = true },
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await fixture.QueryAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                   r => r.GetInt64(0))).Single() == 0)
        {
            Assert.False(save.IsCompleted, "The save finished before it met the other row.");
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the save to wait on the other insert.");
            await Task.Delay(20);
        }

        await transaction.CommitAsync();
        using var saved = await save;

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var settings = await client.GetFromJsonAsync<JsonObject>("/api/settings");
        Assert.Equal("dark", (string?)settings!["theme"]);
        Assert.Equal(120, (int)settings["autoRefresh"]!["intervalSeconds"]!);
    }
}
