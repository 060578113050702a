using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// The remaining Actions controls in a real browser through the gateway, with the simulator as GitHub: run the demo's
/// Deploy workflow (octo-org/infra, <c>workflow_dispatch</c> with inputs of every type) from its page, and approve or
/// reject runs waiting for its protected <c>production</c> environment (octocat is its reviewer). Screenshots in
/// TestResults/screenshots (controls-*).
/// </summary>
[Collection(AppHostCollection.Name)]
public class ControlsBrowserTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const string Repository = "octo-org/infra";
    private const long DeployWorkflowId = 2823525;
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(60);
    private readonly SimulatorControl _simulator = new(fixture);

    [Fact]
    public async Task Running_a_workflow_by_hand_sends_the_filled_inputs_and_the_new_run_appears_live_while_bad_inputs_start_nothing()
    {
        await using var browser = await BrowserSession.OpenAsync(fixture, new ViewportSize { Width = 1280, Height = 900 });
        var dashboard = browser.Page;
        await _simulator.SetScenarioAsync(enabled: false);
        IPage? workflowPage = null;
        try
        {
            await browser.SignInAsync();
            await browser.EnsureSelectedAsync(Repository);
            // One tab on the dashboard, live: the dispatched run must arrive there by itself.
            await dashboard.GotoAsync("/");
            await Expect(dashboard.Locator($"article[data-repository='{Repository}']")).ToBeVisibleAsync();
            var connection = dashboard.GetByTestId("connection-state");
            await Expect(connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(connection).ToHaveAttributeAsync("data-subscribed", "all", new() { Timeout = 90_000 });
            await dashboard.EvaluateAsync("() => { window.__noReload = true; }");

            // Another tab on the workflow's page: "Run workflow" reads deploy.yml at the default branch and builds the form.
            workflowPage = await browser.NewPageAsync();
            var shots = new BrowserScreens(workflowPage);
            await workflowPage.GotoAsync($"/repos/{Repository}/workflows/{DeployWorkflowId}");
            await workflowPage.GetByRole(AriaRole.Button, new() { Name = "Run workflow" }).ClickAsync();
            var form = workflowPage.GetByRole(AriaRole.Region, new() { Name = "Run workflow" });
            var version = form.GetByLabel("version");
            await Expect(version).ToBeVisibleAsync();
            await Expect(form.GetByLabel("Branch or tag")).ToHaveValueAsync("main");
            // Each input as its type says, with its default.
            await Expect(form.GetByLabel("target")).ToHaveValueAsync("production");
            await Expect(form.GetByLabel("log-level")).ToHaveValueAsync("info");
            await Expect(form.GetByLabel("dry-run")).Not.ToBeCheckedAsync();
            await Expect(form.GetByLabel("parallelism")).ToHaveValueAsync("10");
            await Expect(form.GetByText("The version to deploy (a tag or a commit)")).ToBeVisibleAsync();
            await shots.TakeAsync("controls-01-dispatch-form");

            var dispatchesBefore = await DispatchRequestsAsync();
            var runsBefore = await _simulator.RequestedRunsAsync(Repository);
            var submit = form.GetByRole(AriaRole.Button, new() { Name = "Run workflow", Exact = true });

            // A required input left empty: the browser refuses the form with its own message; nothing is asked of anyone.
            await submit.ClickAsync();
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Yes, run it" })).ToHaveCountAsync(0);
            Assert.True(await version.EvaluateAsync<bool>("input => input.validity.valueMissing"), "The empty required input was accepted.");
            var message = await version.EvaluateAsync<string>("input => input.validationMessage");
            output.WriteLine($"The browser says of the empty required input: {message}");
            Assert.False(string.IsNullOrWhiteSpace(message));

            // A choice outside its options (as a stale form, or a hand-made request, would send): the server checks the
            // inputs against the workflow file, the page shows its words, and GitHub is not asked.
            await version.FillAsync("v2.0.1-e2e");
            await workflowPage.RouteAsync("**/dispatches", async route =>
            {
                var body = JsonNode.Parse(route.Request.PostData!)!;
                body["inputs"]!["log-level"] = "verbose";
                await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()) });
            });
            await submit.ClickAsync();
            await Expect(form.GetByRole(AriaRole.Group)).ToContainTextAsync($"Run .github/workflows/deploy.yml on main with these inputs?");
            await form.GetByRole(AriaRole.Button, new() { Name = "Yes, run it" }).ClickAsync();
            var alert = form.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("'verbose' is not one of the options of 'log-level': info, debug, trace.");
            await shots.TakeAsync("controls-02-dispatch-refused");
            await workflowPage.UnrouteAllAsync();
            // Give a wrongly started run time to show up, then check that none did.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(dispatchesBefore, await DispatchRequestsAsync());
            Assert.Empty((await _simulator.RequestedRunsAsync(Repository)).Except(runsBefore));

            // The real thing: every input filled, confirmed; what the page sends is what was filled.
            await form.GetByLabel("target").FillAsync("staging");
            await form.GetByLabel("log-level").SelectOptionAsync("debug");
            await form.GetByLabel("dry-run").CheckAsync();
            await form.GetByLabel("parallelism").FillAsync("4");
            await submit.ClickAsync();
            var sent = await workflowPage.RunAndWaitForRequestAsync(
                () => form.GetByRole(AriaRole.Button, new() { Name = "Yes, run it" }).ClickAsync(),
                request => request.Method == "POST" && request.Url.EndsWith($"/api/repos/{Repository}/workflows/{DeployWorkflowId}/dispatches", StringComparison.Ordinal));
            await Expect(form.GetByText("Run requested on main: GitHub will queue it shortly.")).ToBeVisibleAsync();
            var posted = JsonNode.Parse(sent.PostData!)!;
            output.WriteLine($"The page sent {posted.ToJsonString()}");
            Assert.Equal("main", (string?)posted["ref"]);
            Assert.Equal("v2.0.1-e2e", (string?)posted["inputs"]!["version"]);
            Assert.Equal("staging", (string?)posted["inputs"]!["target"]);
            Assert.Equal("debug", (string?)posted["inputs"]!["log-level"]);
            Assert.True((bool)posted["inputs"]!["dry-run"]!);
            Assert.Equal("4", (string?)posted["inputs"]!["parallelism"]);
            await shots.TakeAsync("controls-03-dispatch-requested");

            // GitHub (the simulator, which checks the inputs against deploy.yml as GitHub does) accepted the dispatch and
            // started a workflow_dispatch run.
            Assert.Equal(dispatchesBefore + 1, await DispatchRequestsAsync());
            Assert.Contains(await _simulator.RecentRequestsAsync(), r => ((string?)r!["path"])?.EndsWith($"/actions/workflows/{DeployWorkflowId}/dispatches", StringComparison.Ordinal) == true
                && (int?)r["status_code"] == 204);
            var runId = (await Eventually.WaitForAsync(async () => (await _simulator.RequestedRunsAsync(Repository)).Except(runsBefore).ToList(),
                found => found.Count == 1, TimeSpan.FromSeconds(30), "for the dispatched run's workflow_run webhook")).Single();
            output.WriteLine($"Dispatched run {runId}");

            // The dashboard tab shows it by itself, waiting for the production environment's reviewer, without a reload.
            var row = dashboard.Locator($"li[data-run-id='{runId}']");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(row).ToContainTextAsync("workflow_dispatch");
            await Expect(row).ToContainTextAsync("octocat");
            await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-status", "waiting");
            Assert.True(await dashboard.EvaluateAsync<bool>("() => window.__noReload === true"), "The dashboard was reloaded.");
            await browser.Shots.TakeAsync("controls-04-dispatched-run-live");
            Assert.DoesNotContain(browser.Console, line => line.StartsWith("page error", StringComparison.Ordinal));
        }
        catch
        {
            await browser.ReportFailureAsync(output, "controls-failure");
            if (workflowPage is not null)
            {
                await new BrowserScreens(workflowPage).TakeAsync("controls-failure-workflow");
                output.WriteLine($"Workflow tab: {workflowPage.Url}");
            }

            throw;
        }
        finally
        {
            await _simulator.SetScenarioAsync(enabled: true);
        }
    }

    [Fact]
    public async Task Approving_a_waiting_deployment_lets_the_run_go_on_live_and_rejecting_one_fails_it()
    {
        await _simulator.SetScenarioAsync(enabled: false);
        await using var browser = await BrowserSession.OpenAsync(fixture, new ViewportSize { Width = 1280, Height = 900 });
        var page = browser.Page;
        try
        {
            // Two runs of Deploy, each waiting for production's reviewer (octocat), dispatched as the page would.
            var toApprove = await DispatchWaitingRunAsync("v3.0.0-approve");
            var toReject = await DispatchWaitingRunAsync("v3.0.0-reject");
            output.WriteLine($"Runs {toApprove} (to approve) and {toReject} (to reject)");

            await browser.SignInAsync();
            await browser.EnsureSelectedAsync(Repository);

            // Approve: confirmed, then the run goes on; its later steps arrive live.
            await OpenLiveRunAsync(page, toApprove);
            var status = page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator(".status");
            await Expect(status).ToHaveAttributeAsync("data-status", "waiting");
            var review = page.Locator("section.pending-deployments");
            await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Waiting for review" })).ToBeVisibleAsync();
            await Expect(review).ToContainTextAsync("production");
            await Expect(review).ToContainTextAsync("reviewers: octocat");
            await browser.Shots.TakeAsync("controls-05-waiting-for-review");
            await review.GetByRole(AriaRole.Button, new() { Name = "Approve and deploy" }).ClickAsync();
            await Expect(review.GetByText("Approve the deployment to production?")).ToBeVisibleAsync();
            await review.GetByRole(AriaRole.Button, new() { Name = "Yes, approve" }).ClickAsync();
            // (The page reloads the run at once: now going on, it has nothing to review, so the section and its
            // "Approved" note go away with it.)
            await Expect(status).ToHaveAttributeAsync("data-status", new Regex("^(queued|in_progress)$"), new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await browser.Shots.TakeAsync("controls-06-approved");
            // GitHub goes on with the jobs (the simulator, step by step): the page follows by itself.
            var steps = 0;
            while (await _simulator.AdvanceAsync(toApprove))
            {
                Assert.True(++steps < 100, "The approved run never completed.");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            await Expect(status).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(status).ToHaveAttributeAsync("data-conclusion", "success");
            await Expect(page.Locator("li.job summary .status[data-conclusion='success']")).ToHaveCountAsync(2, new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page was reloaded.");
            await browser.Shots.TakeAsync("controls-07-approved-run-completed");

            // Reject, with a comment: the first job fails without running, the rest is skipped, the run fails (GitHub:
            // "If a job is rejected, the workflow will fail").
            await OpenLiveRunAsync(page, toReject);
            await Expect(status).ToHaveAttributeAsync("data-status", "waiting");
            await review.GetByLabel("Comment").FillAsync("Not during the freeze.");
            await review.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
            await Expect(review.GetByText("Reject the deployment? The run will fail.")).ToBeVisibleAsync();
            await review.GetByRole(AriaRole.Button, new() { Name = "Yes, reject" }).ClickAsync();
            await Expect(status).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(status).ToHaveAttributeAsync("data-conclusion", "failure");
            await Expect(page.Locator("li.job summary .status").Nth(0)).ToHaveAttributeAsync("data-conclusion", "failure", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(page.Locator("li.job summary .status").Nth(1)).ToHaveAttributeAsync("data-conclusion", "skipped");
            await Expect(page.Locator("section.pending-deployments button")).ToHaveCountAsync(0);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page was reloaded.");
            await browser.Shots.TakeAsync("controls-08-rejected");

            // The simulator ended it as GitHub does: failed, and nothing more to approve.
            Assert.False(await _simulator.AdvanceAsync(toReject));
            Assert.DoesNotContain(browser.Console, line => line.StartsWith("page error", StringComparison.Ordinal));
        }
        catch
        {
            await browser.ReportFailureAsync(output, "controls-review-failure");
            throw;
        }
        finally
        {
            await _simulator.SetScenarioAsync(enabled: true);
        }
    }

    /// <summary>Opens the run's page, waits until the hub sends the repository's events, and marks the page so a reload shows.</summary>
    private static async Task OpenLiveRunAsync(IPage page, long runId)
    {
        await page.GotoAsync($"/runs/{Repository}/{runId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs" })).ToBeVisibleAsync();
        var connection = page.GetByTestId("connection-state");
        await Expect(connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
        await Expect(connection).ToHaveAttributeAsync("data-subscribed", "all", new() { Timeout = 90_000 });
        await page.EvaluateAsync("() => { window.__noReload = true; }");
    }

    /// <summary>How many dispatches the simulator (GitHub) was asked for, whatever it answered.</summary>
    private async Task<int> DispatchRequestsAsync() =>
        await _simulator.RequestCountAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches");

    /// <summary>Dispatches Deploy through the gateway as octocat (as the page does) and answers the new run's id once GitHub sent its webhook.</summary>
    private async Task<long> DispatchWaitingRunAsync(string version)
    {
        using var http = await GatewaySession.SignInAsync(fixture.GatewayUrl, "octocat");
        // GitHubProxy.Api learns the user's repositories (and so lets them act on one) when they are listed.
        using (var repos = await http.GetAsync("/api/repos"))
        {
            Assert.Equal(HttpStatusCode.OK, repos.StatusCode);
        }

        var before = await _simulator.RequestedRunsAsync(Repository);
        using (var dispatched = await http.PostAsJsonAsync($"/api/repos/{Repository}/workflows/{DeployWorkflowId}/dispatches",
                   new { @ref = "main", inputs = new Dictionary<string, string> { ["version"] = version } }))
        {
            Assert.Equal(HttpStatusCode.Accepted, dispatched.StatusCode);
        }

        var found = await Eventually.WaitForAsync(async () => (await _simulator.RequestedRunsAsync(Repository)).Except(before).ToList(),
            runs => runs.Count == 1, TimeSpan.FromSeconds(30), "for the dispatched run's workflow_run webhook");
        return found.Single();
    }
}
