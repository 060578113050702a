using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// What every browser test starts with: Debian's chromium (headless; Playwright downloads no browser here), a context on
/// the gateway as base URL with timeouts for a busy 2-core machine, a page whose console errors and page errors are
/// collected, and its screenshots. <see cref="SignInAsync"/> signs in as the simulator's default user (octocat) through
/// "Sign in with GitHub"; <see cref="EnsureSelectedAsync"/> adds repositories to the selection on /repositories.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>The first answers of freshly started services on a busy 2-core machine can take seconds.</summary>
    public const float DefaultTimeout = 30_000;

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly bool _warnings;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, bool warnings)
    {
        _playwright = playwright;
        _browser = browser;
        _warnings = warnings;
        Context = context;
        Page = page;
        Shots = new BrowserScreens(page);
        Watch(page);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public BrowserScreens Shots { get; }

    /// <summary>The pages' console errors (and warnings, when asked for) and uncaught errors, in order.</summary>
    public List<string> Console { get; } = [];

    /// <param name="warnings">Collect console warnings too, not only errors.</param>
    public static async Task<BrowserSession> OpenAsync(AppHostFixture fixture, ViewportSize viewport, bool warnings = false)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArgs,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = fixture.GatewayUrl.ToString(),
                ViewportSize = viewport,
            });
            context.SetDefaultTimeout(DefaultTimeout);
            SetDefaultExpectTimeout(DefaultTimeout);
            return new BrowserSession(playwright, browser, context, await context.NewPageAsync(), warnings);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Another tab in the same context (signed in as the first), its console collected too.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        Watch(page);
        return page;
    }

    /// <summary>Opens <paramref name="path"/> signed out and presses "Sign in with GitHub": the simulator signs in its
    /// default user, octocat, at once and GitHub's redirect brings the page back.</summary>
    public async Task SignInAsync(string path = "/")
    {
        await Page.GotoAsync(path);
        var signIn = Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" });
        await signIn.ClickAsync();
        // Back in the app, signed in: no sign-in link, and the main heading of whichever page it came back to.
        await Expect(signIn).ToBeHiddenAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Makes sure each of <paramref name="repositories"/> (owner/name) is selected, keeping the rest of the selection:
    /// on /repositories, checks the ones not yet checked and saves, which shows the dashboard. When every one already is,
    /// nothing is saved and the page stays on /repositories.
    /// </summary>
    public async Task EnsureSelectedAsync(params string[] repositories)
    {
        await Page.GotoAsync("/repositories");
        var changed = false;
        foreach (var repository in repositories)
        {
            var (owner, name) = (repository.Split('/')[0], repository.Split('/')[1]);
            var box = Page.Locator("fieldset.owner-group").Filter(new() { Has = Page.Locator("legend", new() { HasText = owner }) })
                .GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });
            await Expect(box).ToBeVisibleAsync();
            if (!await box.IsCheckedAsync())
            {
                await box.CheckAsync();
                changed = true;
            }
        }

        if (changed)
        {
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save and show dashboard" }).ClickAsync();
            foreach (var repository in repositories)
            {
                await Expect(Page.Locator($"article[data-repository='{repository}']")).ToBeVisibleAsync();
            }
        }
    }

    /// <summary>After a failure: a screenshot named <paramref name="shot"/>, the page's address and what its console said.</summary>
    public async Task ReportFailureAsync(ITestOutputHelper output, string shot)
    {
        try
        {
            await Shots.TakeAsync(shot);
        }
        catch (PlaywrightException exception)
        {
            output.WriteLine($"No screenshot: {exception.Message}");
        }

        output.WriteLine($"Page: {Page.Url}");
        foreach (var line in Console)
        {
            output.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type is "error" || _warnings && message.Type is "warning")
            {
                lock (Console)
                {
                    Console.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (Console)
            {
                Console.Add($"page error: {error}");
            }
        };
    }
}
