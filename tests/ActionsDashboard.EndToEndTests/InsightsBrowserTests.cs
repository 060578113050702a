using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// The insights pages in a real browser through the gateway: two failed runs of a workflow on a branch of their own, then
/// the dashboard row's "failing since" note, the workflow page (figures, charts, runs), the insights page and the commit
/// grid, all computed from the read model the webhooks filled. Screenshots in TestResults/screenshots (insights-*).
/// </summary>
[Collection(AppHostCollection.Name)]
public class InsightsBrowserTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const string Repository = "octo-org/octo-repo";
    private readonly SimulatorControl _simulator = new(fixture);
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Failed_runs_show_as_a_failure_streak_on_the_dashboard_and_on_the_workflow_insights_and_commit_pages()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, new ViewportSize { Width = 1280, Height = 900 });
        var page = session.Page;
        var console = session.Console;
        var shots = session.Shots;
        await _simulator.SetScenarioAsync(enabled: false);

        try
        {
            await session.SignInAsync();
            await session.EnsureSelectedAsync(Repository);
            await page.GotoAsync("/");

            var repoCard = page.Locator($"article[data-repository='{Repository}']");
            await Expect(repoCard).ToBeVisibleAsync();
            await Expect(page.GetByTestId("connection-state")).ToHaveAttributeAsync("data-subscribed", "all", new() { Timeout = 90_000 });

            // Two failed runs on a branch of their own, one after the other: the second row notes the streak since the first.
            var branch = $"e2e-insights-{Guid.NewGuid():N}"[..26];
            var first = await _simulator.StartRunAsync(Repository, branch, "failure");
            while (await _simulator.AdvanceAsync(first, TimeSpan.FromMilliseconds(200)))
            {
            }

            var second = await _simulator.StartRunAsync(Repository, branch, "failure");
            while (await _simulator.AdvanceAsync(second, TimeSpan.FromMilliseconds(200)))
            {
            }

            output.WriteLine($"Runs {first} and {second} on {branch}");
            var row = page.Locator($"li[data-run-id='{second}']");
            await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-conclusion", "failure", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(row.GetByText(new Regex("^Failing since [0-9a-f]{7} \\(2 runs\\)$"))).ToBeVisibleAsync();
            await Expect(row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^[0-9a-f]{7}$") })).ToHaveAttributeAsync("href", new Regex($"/runs/{Repository}/{first}$"));
            await shots.TakeAsync("insights-01-dashboard-failing-since");

            // The workflow page, on that branch: figures, the streak, three charts, the runs.
            await row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Insights of ") }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/repos/{Repository}/workflows/\\d+\\?branch={branch}$"));
            await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("(2 runs");
            await Expect(page.Locator(".facts dd[title^='Passed']")).ToHaveTextAsync("0%");
            await Expect(page.Locator("svg.chart-svg")).ToHaveCountAsync(3);
            await Expect(page.Locator($"tr[data-run-id='{second}']")).ToBeVisibleAsync();
            await shots.TakeAsync("insights-02-workflow");

            // The insights page across the selected repositories.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Insights", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Failing workflows" })).ToContainTextAsync(Repository);
            await shots.TakeAsync("insights-03-insights");

            // The commit grid of the branch.
            await page.GotoAsync($"/repos/{Repository}/commits?branch={branch}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Commits of {Repository}", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("table.commit-grid tbody tr").First).ToBeVisibleAsync();
            await shots.TakeAsync("insights-04-commit-grid");
            // The signed-out start answers /auth/session with a 401 (logged by the browser); nothing may throw.
            Assert.DoesNotContain(console, line => line.StartsWith("page error", StringComparison.Ordinal));
        }
        catch
        {
            await session.ReportFailureAsync(output, "insights-failure");
            throw;
        }
        finally
        {
            await _simulator.SetScenarioAsync(enabled: true);
        }
    }
}
