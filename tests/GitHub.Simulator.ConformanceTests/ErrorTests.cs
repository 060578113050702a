using System.Net;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// GitHub's error bodies (<c>message</c>, <c>documentation_url</c>) as Octokit turns them into its exceptions: the
/// status picks the type and the body its message, so a wrong status or an unreadable body shows here.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ErrorTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Missing_or_hidden_repository_is_NotFoundException_with_githubs_message()
    {
        var monalisa = await simulator.UserClientAsync("monalisa");

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => monalisa.Repository.Get("octo-org", "no-such-repo"));
        // monalisa has no access to octo-org/infra: GitHub answers 404, not 403, for a private repository. (A list call
        // would do too, but Octokit's paging replaces the body's message with its own.)
        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => monalisa.Actions.Workflows.Get("octo-org", "infra", 2823525));

        Assert.All(new[] { missing, hidden }, e =>
        {
            Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
            Assert.Equal("Not Found", e.Message);
            Assert.StartsWith("https://docs.github.com/rest", e.ApiError.DocumentationUrl, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Bad_token_is_AuthorizationException_bad_credentials()
    {
        var stranger = simulator.Client(new Credentials("ghu_" + new string('x', 36)));

        var refused = await Assert.ThrowsAsync<AuthorizationException>(() => stranger.User.Current());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bad credentials", refused.Message);
        Assert.False(string.IsNullOrEmpty(refused.ApiError.DocumentationUrl));
        // Measured on api.github.com: a credential that resolves to nobody is the one answer without x-ratelimit-*
        // headers (and it costs nothing), so Octokit's ApiInfo has no limit to show.
        Assert.DoesNotContain(refused.HttpResponse.Headers, h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, stranger.GetLastApiInfo().RateLimit.Limit);
    }

    [Fact]
    public async Task No_token_on_the_user_is_AuthorizationException_requires_authentication()
    {
        var anonymous = simulator.Client();

        var refused = await Assert.ThrowsAsync<AuthorizationException>(() => anonymous.User.Current());

        Assert.Equal("Requires authentication", refused.Message);
        // Unlike "Bad credentials", this 401 is counted against the address's anonymous budget and says so.
        var limit = anonymous.GetLastApiInfo().RateLimit;
        Assert.Equal(60, limit.Limit);
        Assert.InRange(limit.Remaining, 0, 59);
        Assert.True(limit.Reset > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Rerun_by_a_reader_is_ForbiddenException_with_githubs_message()
    {
        var monalisa = await simulator.UserClientAsync("monalisa");
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => monalisa.Actions.Workflows.Runs.Rerun("octo-org", "octo-repo", runId));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Must have admin rights to Repository.", refused.Message);
    }

    [Fact]
    public async Task Unreadable_created_filter_is_ApiValidationException()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var invalid = await Assert.ThrowsAsync<ApiValidationException>(() =>
            octocat.Actions.Workflows.Runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Created = "last tuesday" }));

        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        Assert.Contains("last tuesday", invalid.ApiError.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(invalid.ApiError.DocumentationUrl));
    }
}
