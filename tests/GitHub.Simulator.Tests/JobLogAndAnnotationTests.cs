using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.TestInfrastructure;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>
/// A job's log (<c>GET .../actions/jobs/{job_id}/logs</c>: 302 to a signed, short-lived plain-text URL on another host)
/// and its check run's annotations, as GitHub serves them.
/// </summary>
public sealed partial class JobLogAndAnnotationTests(SimulatorFactory simulator) : IClassFixture<SimulatorFactory>
{
    [GeneratedRegex(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z ")]
    private static partial Regex TimestampedLine();

    private async Task<(string Token, long RunId, JsonNode FailedJob)> FailedJobAsync(string repository = "octo-org/octo-repo")
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var runId = await simulator.StartRunAsync(repository);
        await simulator.CompleteRunAsync(runId, "failure");
        var jobs = await simulator.GetJsonAsync($"/repos/{repository}/actions/runs/{runId}/jobs", token);
        return (token, runId, jobs["jobs"]!.AsArray().Single(j => (string?)j!["conclusion"] == "failure")!);
    }

    private async Task<HttpResponseMessage> SendAsync(string pathOrUrl, string? token = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathOrUrl);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        configure?.Invoke(request);
        return await simulator.CreateHttpClient().SendAsync(request);
    }

    /// <summary>The test server answers any host name, so the signed URL's path and query are enough to reach it.</summary>
    private static string PathAndQuery(Uri location) => location.PathAndQuery;

    [Fact]
    public async Task Job_logs_answer_302_to_a_signed_url_on_another_host_with_the_usual_headers_and_no_body()
    {
        var (token, _, job) = await FailedJobAsync();
        var jobId = (long)job["id"]!;

        using var response = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{jobId}/logs", token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        // The test server's requests come to "localhost": the log host is the other loopback name, as GitHub's is another host.
        Assert.Equal("127.0.0.1", location.Host);
        Assert.Equal($"/_actions-results/jobs/{jobId}/logs.txt", location.AbsolutePath);
        Assert.Matches(@"\Ase=\d+&sp=r&sig=[0-9a-f]{64}\z", location.Query.TrimStart('?'));
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Regex.Match(location.Query, @"se=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.Contains("x-ratelimit-remaining"));
        Assert.True(response.Headers.Contains("x-github-request-id"));
        Assert.False(response.Headers.Contains("ETag"));
    }

    [Fact]
    public async Task Job_log_is_plain_text_with_a_timestamp_on_every_line_step_groups_and_the_failed_steps_error_inside_its_window()
    {
        var (token, _, job) = await FailedJobAsync();
        using var redirect = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{(long)job["id"]!}/logs", token);

        using var response = await SendAsync(PathAndQuery(redirect.Headers.Location!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(TimestampedLine(), line));
        Assert.Contains(lines, l => l[29..].StartsWith("##[group]Run actions/checkout@v4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l[29..] == "##[endgroup]");
        var error = Assert.Single(lines, l => l[29..].StartsWith("##[error]", StringComparison.Ordinal));
        var failedStep = job["steps"]!.AsArray().Single(s => (string?)s!["conclusion"] == "failure")!;
        var at = DateTimeOffset.Parse(error[..28], CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.Parse((string)failedStep["started_at"]!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)failedStep["completed_at"]!, CultureInfo.InvariantCulture).AddSeconds(1));
    }

    [Fact]
    public async Task Log_host_serves_the_tail_for_a_suffix_range()
    {
        var (token, _, job) = await FailedJobAsync();
        using var redirect = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{(long)job["id"]!}/logs", token);

        using var whole = await SendAsync(PathAndQuery(redirect.Headers.Location!));
        using var tail = await SendAsync(PathAndQuery(redirect.Headers.Location!), configure: r => r.Headers.Range = new RangeHeaderValue(null, 100));

        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        var text = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(text[^100..], await tail.Content.ReadAsByteArrayAsync());
        Assert.Equal(text.Length, tail.Content.Headers.ContentRange!.Length);
    }

    [Fact]
    public async Task Log_host_refuses_an_authorization_header_and_an_altered_signature_and_logs_whose_token_came()
    {
        var (token, _, job) = await FailedJobAsync();
        using var redirect = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{(long)job["id"]!}/logs", token);
        var url = PathAndQuery(redirect.Headers.Location!);
        await simulator.ControlAsync(HttpMethod.Delete, "/_simulator/requests");

        using var withToken = await SendAsync(url, token);
        using var altered = await SendAsync(url[..^4] + "0000");
        using var otherJob = await SendAsync(url.Replace($"/jobs/{(long)job["id"]!}/", $"/jobs/{(long)job["id"]! + 1}/", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, altered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherJob.StatusCode);
        var requests = await simulator.ControlAsync(HttpMethod.Get, "/_simulator/requests");
        Assert.Equal(3, (int)requests["by_route"]!["GET /_actions-results/jobs/{job_id}/logs.txt"]!);
        Assert.Equal(2, (int)requests["by_token"]!["(none)"]!);
    }

    [Fact]
    public async Task Job_logs_of_an_unknown_job_a_queued_job_or_a_repository_the_caller_cannot_see_are_404_and_need_a_token()
    {
        var (token, _, job) = await FailedJobAsync();
        var hubot = (await simulator.SignInAsync("hubot")).AccessToken;
        var queuedRun = await simulator.StartRunAsync();
        var queued = await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/actions/runs/{queuedRun}/jobs", token);
        var queuedJob = (long)queued["jobs"]![0]!["id"]!;

        using var unknown = await SendAsync("/repos/octo-org/octo-repo/actions/jobs/1/logs", token);
        using var notStarted = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{queuedJob}/logs", token);
        using var hidden = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{(long)job["id"]!}/logs", hubot);
        using var anonymous = await SendAsync($"/repos/octo-org/octo-repo/actions/jobs/{(long)job["id"]!}/logs");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notStarted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Not Found", (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["message"]);
    }

    [Fact]
    public async Task Job_logs_url_comes_back_through_the_projects_client_without_being_followed()
    {
        var (token, _, job) = await FailedJobAsync();

        var response = await simulator.RestClient().GetJobLogsUrlAsync("octo-org", "octo-repo", (long)job["id"]!, GitHubRequestOptions.ForToken(token));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/_actions-results/jobs/" + (long)job["id"]! + "/logs.txt", response.GetValueOrThrow().AbsolutePath);
        Assert.NotNull(response.RateLimit);
    }

    [Fact]
    public async Task Annotations_of_a_failed_job_have_the_samples_shape_and_name_the_file_and_the_exit_code()
    {
        var (token, runId, job) = await FailedJobAsync();

        var annotations = await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/check-runs/{(long)job["id"]!}/annotations", token);
        var typed = (await simulator.RestClient().ListCheckRunAnnotationsAsync("octo-org", "octo-repo", (long)job["id"]!,
            request: GitHubRequestOptions.ForToken(token))).GetValueOrThrow();

        JsonShape.AssertMatches(Samples.RestJson("list-check-run-annotations.json"),
            JsonDocument.Parse(annotations.ToJsonString()).RootElement, "GET .../check-runs/{check_run_id}/annotations");
        Assert.Contains(typed.Items, a => a.AnnotationLevel == "failure" && a.Path == ".github" && a.Message == "Process completed with exit code 1.");
        Assert.Contains(typed.Items, a => a.Path.Contains('/', StringComparison.Ordinal) && a.StartLine > 0 && a.EndLine >= a.StartLine);
        Assert.EndsWith($"/check-runs/{(long)job["id"]!}", (string)job["check_run_url"]!, StringComparison.Ordinal);
        var passed = (await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/actions/runs/{runId}/jobs", token))["jobs"]!.AsArray()
            .First(j => (string?)j!["conclusion"] == "success")!;
        Assert.Empty((await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/check-runs/{(long)passed["id"]!}/annotations", token)).AsArray());
        using var unknown = await SendAsync("/repos/octo-org/octo-repo/check-runs/1/annotations", token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Jobs_carry_their_runs_on_labels()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var runId = await simulator.StartRunAsync("octo-org/infra");

        var jobs = await simulator.GetJsonAsync($"/repos/octo-org/infra/actions/runs/{runId}/jobs", token);

        Assert.All(jobs["jobs"]!.AsArray(), j => Assert.Equal(["self-hosted", "linux", "x64"], j!["labels"]!.AsArray().Select(l => (string)l!)));
    }
}
