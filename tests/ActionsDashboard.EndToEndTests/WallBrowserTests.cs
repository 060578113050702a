using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// The wall (/wall) in a real browser at a TV's size, through the gateway, with the simulator as GitHub: it shows no
/// navigation, a run started on GitHub appears as a running tile by itself, and when its webhook says it failed the tile
/// turns red and moves to the top, without a reload. Screenshots in TestResults/screenshots (wall-*).
/// </summary>
[Collection(AppHostCollection.Name)]
public class WallBrowserTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const string Repository = "octo-org/octo-repo";
    private readonly SimulatorControl _simulator = new(fixture);
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_wall_shows_a_run_live_and_puts_it_first_as_a_red_tile_when_it_fails()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, new ViewportSize { Width = 1920, Height = 1080 });
        var page = session.Page;
        var console = session.Console;
        var shots = session.Shots;
        await _simulator.SetScenarioAsync(enabled: false);

        try
        {
            // Signed out, /wall asks to sign in and comes back to the wall.
            await session.SignInAsync("/wall");
            var wall = page.GetByTestId("wall");
            await Expect(wall).ToHaveAttributeAsync("data-loaded", "true");
            // The wall shows the selected repositories: a first sign-in, or an earlier test's selection, may lack this one.
            await session.EnsureSelectedAsync(Repository);
            await page.GotoAsync("/wall");
            await Expect(wall).ToHaveAttributeAsync("data-loaded", "true");

            await Expect(page.Locator($"[data-testid='wall'] [data-repository='{Repository}']").First).ToBeVisibleAsync();
            // Full screen: no navigation, no links to press.
            await Expect(page.GetByRole(AriaRole.Navigation)).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("CI wall");
            await Expect(wall).ToHaveAttributeAsync("data-connection", "live", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(wall).ToHaveAttributeAsync("data-subscribed", "all", new() { Timeout = 90_000 });
            await shots.TakeAsync("wall-01-open");
            await page.EvaluateAsync("() => { window.__noReload = true; }");

            // A run on a branch of its own appears by itself as a running tile.
            var branch = $"e2e-wall-{Guid.NewGuid():N}"[..22];
            var runId = await _simulator.StartRunAsync(Repository, branch, "failure");
            output.WriteLine($"Started run {runId} on {branch}");
            var tile = page.Locator($"[data-testid='wall-tile'][data-run-id='{runId}']");
            await Expect(tile).ToBeVisibleAsync(new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(tile).ToHaveAttributeAsync("data-tone", "running");
            await Expect(tile).ToContainTextAsync(branch);
            await shots.TakeAsync("wall-02-running");

            // Its webhooks turn it red, and as the newest failure it is the wall's first tile.
            while (await _simulator.AdvanceAsync(runId, TimeSpan.FromMilliseconds(300)))
            {
            }

            await Expect(tile).ToHaveAttributeAsync("data-tone", "failure", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(tile).ToContainTextAsync("Failed");
            await Expect(tile).ToContainTextAsync(Repository);
            await Expect(tile).ToContainTextAsync("octocat");
            var first = page.GetByTestId("wall-tile").First;
            await Expect(first).ToHaveAttributeAsync("data-run-id", runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(first).ToHaveAttributeAsync("data-tone", "failure");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page was reloaded.");
            await Expect(page.GetByTestId("wall-stale")).ToHaveCountAsync(0);
            await shots.TakeAsync("wall-03-failed-first");
            Assert.DoesNotContain(console, line => line.StartsWith("page error", StringComparison.Ordinal));
        }
        catch
        {
            await session.ReportFailureAsync(output, "wall-failure");
            throw;
        }
        finally
        {
            await _simulator.SetScenarioAsync(enabled: true);
        }
    }
}
