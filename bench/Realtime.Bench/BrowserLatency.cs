using System.Collections.Concurrent;
using ActionsDashboard.Bench.Shared;
using Microsoft.Playwright;

/// <summary>
/// Goal 3's browser half (#17): the signed-in dashboard in Debian's chromium (Playwright, no browser download), and for each
/// webhook POSTed at the gateway, two stamps taken in the page on the browser's clock (<c>performance.timeOrigin +
/// performance.now()</c>, the same machine's wall clock as the bench's): the SignalR frame that carries the run arriving on
/// the page's WebSocket, and the run's row (<c>[data-run-id]</c>) entering the DOM, seen by a MutationObserver. Their
/// difference is the page's own share: parsing, the store, React's render.
/// </summary>
internal static class BrowserLatency
{
    // Installed before the app's scripts: every WebSocket the page opens stamps the run ids its frames carry (SignalR's
    // JSON protocol: {"type":1,"target":"run","arguments":[{"eventId":..,"repository":..,"run":{"id":N,...}}]}), and an
    // observer stamps each run row the first time one with that id is added.
    private const string Probe = """
        (() => {
          window.__frames = {}; window.__rows = {};
          const now = () => performance.timeOrigin + performance.now();
          const Native = window.WebSocket;
          function Probed(...args) {
            const socket = new Native(...args);
            socket.addEventListener("message", (e) => {
              if (typeof e.data !== "string" || e.data.indexOf('"target":"run"') < 0) return;
              const t = now();
              for (const m of e.data.matchAll(/"run":\{"id":(\d+)/g)) if (!(m[1] in window.__frames)) window.__frames[m[1]] = t;
            });
            return socket;
          }
          Probed.prototype = Native.prototype;
          for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Probed[k] = Native[k];
          window.WebSocket = Probed;
          const stamp = (el) => { const id = el.getAttribute("data-run-id"); if (id && !(id in window.__rows)) window.__rows[id] = now(); };
          const observe = () => new MutationObserver((mutations) => {
            for (const mutation of mutations) for (const node of mutation.addedNodes) {
              if (node.nodeType !== 1) continue;
              if (node.matches("[data-run-id]")) stamp(node);
              for (const el of node.querySelectorAll("[data-run-id]")) stamp(el);
            }
          }).observe(document.documentElement, { childList: true, subtree: true });
          if (document.documentElement) observe(); else document.addEventListener("DOMContentLoaded", observe);
        })();
        """;

    public static async Task RunAsync(Uri gateway, Func<long, int, Task> send, ConcurrentDictionary<long, double> sentUnixMs,
        int rate, int seconds, string context)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await browserContext.AddInitScriptAsync(Probe);
        var page = await browserContext.NewPageAsync();
        // The simulator signs octocat in without a form and sends the browser back to the dashboard; the bench's earlier
        // PUT /api/settings selected the repository for octocat.
        await page.GotoAsync("/auth/github?returnUrl=/&login=octocat");
        await page.WaitForSelectorAsync("[data-testid=connection-state][data-state=live]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync("[data-testid=run-row]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await Task.Delay(1_000);

        var first = 7_000_000_000L;
        var total = rate * seconds;
        await send(first, total);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Dictionary<string, double> rows = [], frames = [];
        while (DateTime.UtcNow < deadline)
        {
            rows = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__rows");
            frames = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__frames");
            if (Enumerable.Range(0, total).All(i => rows.ContainsKey((first + i).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            {
                break;
            }

            await Task.Delay(250);
        }

        List<double> toRow = [], toFrame = [], frameToRow = [];
        for (var i = 0; i < total; i++)
        {
            var id = first + i;
            var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!sentUnixMs.TryGetValue(id, out var sentAt))
            {
                continue;
            }

            var hasRow = rows.TryGetValue(key, out var rowAt);
            var hasFrame = frames.TryGetValue(key, out var frameAt);
            if (hasRow)
            {
                toRow.Add(rowAt - sentAt);
            }

            if (hasFrame)
            {
                toFrame.Add(frameAt - sentAt);
            }

            if (hasRow && hasFrame)
            {
                frameToRow.Add(rowAt - frameAt);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"0b. Webhook POST at the gateway → in chromium, steady {rate}/s for {seconds} s ({total} deliveries; {context}):");
        Console.WriteLine($"   → the run's row in the DOM (MutationObserver): {Describe(toRow)}   rows seen {toRow.Count}/{total}");
        Console.WriteLine($"   → its SignalR frame on the page's WebSocket:   {Describe(toFrame)}   frames seen {toFrame.Count}/{total}");
        Console.WriteLine($"   frame → row (parse, store, render):           {Describe(frameToRow)}");
        var comparison = $"chromium headless, {rate}/s, {context}; frame at the page p50 {P(toFrame, 0.5):0.0} ms; frame → row p50 {P(frameToRow, 0.5):0.0} ms,"
            + $" p99 {P(frameToRow, 0.99):0.0} ms; rows seen {toRow.Count}/{total}";
        Figures.Record("3", $"webhook POST at the gateway → run row in chromium's DOM p50, {rate}/s", P(toRow, 0.5), "ms", 15, comparison: comparison);
        Figures.Record("3", $"webhook POST at the gateway → run row in chromium's DOM p99, {rate}/s", P(toRow, 0.99), "ms", 40, comparison: comparison);
    }

    private static string Describe(List<double> values) =>
        $"p50 {P(values, 0.5):0.0} ms   p90 {P(values, 0.9):0.0} ms   p99 {P(values, 0.99):0.0} ms   max {P(values, 1):0.0} ms";

    private static double P(List<double> values, double q) => Percentile.Of(values, q);
}
