using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// The whole app in a real browser (Debian's chromium, headless), through the gateway, with the simulator as GitHub:
/// sign in, pick repositories, watch a run go from queued to completed without reloading, re-run it, change the theme,
/// sign out. Screenshots of each screen land in TestResults/screenshots.
/// </summary>
[Collection(AppHostCollection.Name)]
public class BrowserTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const string Repository = "octo-org/octo-repo";
    private readonly SimulatorControl _simulator = new(fixture);
    // Live updates travel simulator → webhook → Webhooks.Api → broker → Realtime.Hub → browser.
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_signed_in_user_picks_repositories_watches_a_run_complete_live_reruns_it_changes_the_theme_and_signs_out()
    {
        await using var browser = await BrowserSession.OpenAsync(fixture, new ViewportSize { Width = 1280, Height = 900 }, warnings: true);
        var page = browser.Page;
        var shots = browser.Shots;
        // The demo scenario moves every active run on by itself; this test moves its run one step at a time.
        await _simulator.SetScenarioAsync(enabled: false);

        try
        {
            // Signed out: the landing page, then GitHub's (the simulator's) sign-in, which signs in its default user,
            // octocat, who has push permission on octo-org/octo-repo.
            await page.GotoAsync("/");
            var signIn = page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" });
            await Expect(signIn).ToBeVisibleAsync();
            await shots.TakeAsync("01-landing");
            await signIn.ClickAsync();

            // First run: the repository picker (or, if an earlier test already chose some, the dashboard: open the picker).
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Pick your repositories|Dashboard"));
            if (!page.Url.EndsWith("/repositories", StringComparison.Ordinal) && await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).IsVisibleAsync())
            {
                await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Repositories" }).ClickAsync();
            }

            var octoRepo = page.GetByRole(AriaRole.Checkbox, new() { Name = "octo-repo", Exact = true });
            await Expect(octoRepo).ToBeVisibleAsync();
            await page.GetByLabel("Search repositories").FillAsync("octo");
            await octoRepo.CheckAsync();
            await page.GetByLabel($"Category for {Repository}").FillAsync("Work");
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Pin {Repository}" }).CheckAsync();
            await page.GetByLabel("Search repositories").FillAsync("");
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "hello-world", Exact = true }).CheckAsync();
            await shots.TakeAsync("02-repository-picker");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and show dashboard" }).ClickAsync();

            // The dashboard, pinned first, and the live connection.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var repoCard = page.Locator($"article[data-repository='{Repository}']");
            await Expect(repoCard).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pinned", Level = 2 })).ToBeVisibleAsync();
            // Live, and the hub sends events for every selected repository (it may take a while to accept a selection
            // saved a moment ago: the app asks again and polls meanwhile).
            var connection = page.GetByTestId("connection-state");
            await Expect(connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(connection).ToHaveAttributeAsync("data-subscribed", "all", new() { Timeout = 90_000 });
            await shots.TakeAsync("03-dashboard");

            // A marker that a reload would wipe: everything below must arrive without one.
            await page.EvaluateAsync("() => { window.__noReload = true; }");

            // A run on a branch of its own (its own dashboard row), failing, so both re-run buttons appear later.
            var branch = $"e2e-browser-{Guid.NewGuid():N}"[..24];
            var runId = await _simulator.StartRunAsync(Repository, branch, "failure");
            output.WriteLine($"Started run {runId} on {branch}");
            var row = page.Locator($"li[data-run-id='{runId}']");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(requested|queued|pending|waiting)$"));
            await shots.TakeAsync("04-run-queued");

            // Advance it step by step with the simulator until it completes; the row follows by itself.
            var steps = 0;
            while (await _simulator.AdvanceAsync(runId, TimeSpan.FromMilliseconds(400)))
            {
                if (++steps == 1)
                {
                    await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(in_progress|completed)$"), new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
                    await shots.TakeAsync("05-run-in-progress");
                }
                Assert.True(steps < 100, "The run never completed.");
            }
            await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(row.Locator(".status")).ToHaveAttributeAsync("data-conclusion", "failure");
            await Expect(row).ToContainTextAsync("Failed");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page was reloaded.");
            await shots.TakeAsync("06-run-completed");

            // The run's page: jobs and steps; re-run it, confirmed.
            await row.Locator("a.run-title").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs" })).ToBeVisibleAsync();
            await Expect(page.Locator("li.job").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("run-attempt")).ToHaveTextAsync("1");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Re-run failed jobs" })).ToBeVisibleAsync();
            await shots.TakeAsync("07-run-detail");

            await page.GetByRole(AriaRole.Button, new() { Name = "Re-run all jobs" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Yes, re-run all jobs" }).ClickAsync();
            await Expect(page.GetByText("Re-run requested")).ToBeVisibleAsync();
            // The new attempt arrives live (GitHub's webhook → hub), still without a reload.
            await Expect(page.GetByTestId("run-attempt")).ToHaveTextAsync("2", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page was reloaded.");
            await shots.TakeAsync("08-rerun-requested");

            // Settings: dark theme, saved on the server, kept after a reload.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
            await page.GetByRole(AriaRole.Radio, new() { Name = "Dark" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await shots.TakeAsync("09-settings-dark");
            await page.EvaluateAsync("() => localStorage.clear()"); // so the reload can only get "dark" from the server
            await page.GotoAsync("/");
            await Expect(page.Locator($"article[data-repository='{Repository}']")).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await page.SetViewportSizeAsync(390, 844);
            await shots.TakeAsync("10-dashboard-phone-dark");
            await page.SetViewportSizeAsync(1280, 900);

            // Sign out from the avatar menu: back to the landing page, and the session is over.
            await page.GetByRole(AriaRole.Button, new() { Name = "Account menu for" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" })).ToBeVisibleAsync();
            await shots.TakeAsync("11-signed-out");
            var session = await page.APIRequest.GetAsync("/auth/session");
            Assert.Equal((int)HttpStatusCode.Unauthorized, session.Status);
        }
        catch
        {
            await browser.ReportFailureAsync(output, "failure");
            throw;
        }
        finally
        {
            await _simulator.SetScenarioAsync(enabled: true);
        }
    }
}
