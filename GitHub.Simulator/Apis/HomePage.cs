using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Apis;

/// <summary>
/// The few web pages a person meets: <c>/</c> (what this is, the world, recent deliveries), the <c>html_url</c> pages
/// of repositories and runs, and avatars (the simulated GitHub cannot link to real images without internet access).
/// </summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        app.MapGet("/avatars/u/{id:long}", Avatar).ExcludeFromDescription();
        app.MapGet("/{owner}/{repo}", RepositoryPage).ExcludeFromDescription();
        app.MapGet("/{owner}/{repo}/actions/runs/{run_id:long}", RunPage).ExcludeFromDescription();
        return app;
    }

    public static IResult Render(HttpContext http, World world, DeliveryLog deliveries, ScenarioEngine scenario, SimulatorUrls urls,
        IOptionsMonitor<SimulatorOptions> options)
    {
        var settings = options.CurrentValue;
        var b = urls.ForRequest(http.Request);
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>GitHub simulator</title>
            <style>
              body {"{"} font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328 {"}"}
              table {"{"} border-collapse: collapse; width: 100% {"}"} td, th {"{"} border-bottom: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left {"}"}
              code {"{"} background: #f6f8fa; padding: 0 .2rem {"}"} .warn {"{"} background: #fff8c5; padding: .5rem 1rem; border: 1px solid #d4a72c {"}"}
            </style></head><body>
            <h1>GitHub simulator</h1>
            <p>A stand-in for github.com that speaks GitHub's OAuth web flow, REST API (2022-11-28) and webhooks, for tests and the
            ActionsDashboard demo. API base URL and web base URL are both <code>{E(b)}</code>.</p>
            <p class="warn">The control API under <code>/_simulator/</code> has no authentication. This is a test tool: never expose it.</p>
            <p>Scenario: <strong>{(scenario.Enabled ? "running" : "off")}</strong> (a step every {settings.Scenario.StepSeconds} s).
            Webhooks go to <code>{E(settings.WebhookUrl ?? "(nowhere: Simulator:WebhookUrl is not set)")}</code>,
            {(string.IsNullOrEmpty(settings.WebhookSecret) ? "unsigned" : "signed with the configured secret")}.</p>
            """);

        lock (world.Sync)
        {
            html.Append("<h2>Users</h2><p>Sign in as one with <code>/login/oauth/authorize?client_id=")
                .Append(E(settings.ClientId)).Append("&amp;redirect_uri=...&amp;login=LOGIN</code>; without <code>login</code> you are <strong>")
                .Append(E(world.DefaultUserLogin)).Append("</strong>.</p><ul>");
            foreach (var user in world.Users)
            {
                html.Append($"<li><strong>{E(user.Login)}</strong> (id {user.Id}) {E(user.Name)}</li>");
            }
            html.Append("</ul><h2>Repositories</h2><table><tr><th>repository</th><th>visibility</th><th>permissions</th><th>workflows</th><th>runs (live)</th></tr>");
            foreach (var repository in world.Repositories)
            {
                var roles = string.Join(", ", repository.Roles.Select(r => $"{E(r.Key)}: {r.Value.ToString().ToLowerInvariant()}"));
                var workflows = string.Join(", ", repository.Workflows.Select(w => $"{E(w.Name)} ({w.Id})"));
                html.Append($"<tr><td><a href=\"{E(b)}/{E(repository.FullName)}\">{E(repository.FullName)}</a></td><td>{repository.Visibility}</td>")
                    .Append($"<td>{roles}</td><td>{workflows}</td><td>{repository.Runs.Count} ({repository.Runs.Count(r => !r.IsCompleted)})</td></tr>");
            }
            html.Append("</table><h2>Installations of the app</h2><ul>");
            foreach (var installation in world.Installations)
            {
                html.Append($"<li>{installation.Id} on <strong>{E(installation.Account.Login)}</strong></li>");
            }
            html.Append("</ul>");
        }

        html.Append("<h2>Recent deliveries</h2><table><tr><th>#</th><th>event</th><th>repository</th><th>state</th><th>attempts</th><th>id</th></tr>");
        foreach (var (record, state, attempts) in deliveries.Snapshot().TakeLast(20).Reverse())
        {
            var eventName = record.Webhook.Action is { } action ? $"{record.Webhook.Event}.{action}" : record.Webhook.Event;
            var last = attempts.Count > 0 ? attempts[^1].StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? attempts[^1].Error : "";
            html.Append($"<tr><td>{record.Sequence}</td><td>{E(eventName)}</td><td>{E(record.Webhook.Repository)}</td><td>{state}</td>")
                .Append($"<td>{attempts.Count} {E(last ?? "")}</td><td><code>{record.Id}</code></td></tr>");
        }
        html.Append("""
            </table>
            <h2>Control API</h2>
            <ul>
            <li><code>GET /_simulator/world</code>, <code>POST /_simulator/runs</code>, <code>POST /_simulator/runs/{id}/advance</code>,
            <code>POST /_simulator/runs/{id}/complete?conclusion=failure</code></li>
            <li><code>GET /_simulator/deliveries</code>, <code>GET /_simulator/deliveries/{id}</code>, <code>POST /_simulator/deliveries/{id}/redeliver</code></li>
            <li><code>GET|DELETE /_simulator/requests</code>, <code>POST /_simulator/rate-limit</code>, <code>POST /_simulator/tokens/expire</code></li>
            <li><code>POST /_simulator/scenario</code> (<code>{"enabled": true}</code>), <code>POST /_simulator/scenario/step</code></li>
            </ul>
            <p>Health: <a href="/health">/health</a>, <a href="/alive">/alive</a>.</p>
            </body></html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    public static IResult RepositoryPage(string owner, string repo, World world, SimulatorUrls urls, HttpContext http)
    {
        var b = urls.ForRequest(http.Request);
        lock (world.Sync)
        {
            // A web page shows public repositories only: the simulator's pages have no session.
            if (world.FindRepository(owner, repo) is not { Private: false } repository)
            {
                return NotFoundPage();
            }
            var runs = string.Concat(repository.Runs.AsEnumerable().Reverse().Take(30).Select(r =>
                $"<li><a href=\"{E(b)}/{E(repository.FullName)}/actions/runs/{r.Id}\">{E(r.Workflow.Name)} #{r.RunNumber}</a> {E(r.HeadBranch)}: {r.Status} {E(r.Conclusion ?? "")}</li>"));
            return Page(repository.FullName, $"<p>{E(repository.Description)}</p><h2>Recent runs</h2><ul>{runs}</ul>");
        }
    }

    public static IResult RunPage(string owner, string repo, long run_id, World world)
    {
        lock (world.Sync)
        {
            if (world.FindRepository(owner, repo) is not { Private: false } repository || world.FindRun(run_id) is not { } run || run.Repository != repository)
            {
                return NotFoundPage();
            }
            var jobs = string.Concat(run.CurrentJobs.Select(j =>
                $"<li><strong>{E(j.Name)}</strong>: {j.Status} {E(j.Conclusion ?? "")}<ol>{string.Concat(j.Steps.Select(s => $"<li>{E(s.Name)}: {s.Status} {E(s.Conclusion ?? "")}</li>"))}</ol></li>"));
            return Page($"{run.Workflow.Name} #{run.RunNumber}",
                $"<p>{E(repository.FullName)} · {E(run.HeadBranch)} · attempt {run.RunAttempt} · {run.Status} {E(run.Conclusion ?? "")}</p><ul>{jobs}</ul>");
        }
    }

    /// <summary>A circle with the account's initial, so avatars work without internet access.</summary>
    public static IResult Avatar(long id, World world)
    {
        string login;
        lock (world.Sync)
        {
            login = world.Users.Concat(world.Organizations).FirstOrDefault(a => a.Id == id)?.Login ?? "?";
        }
        var hue = (int)(id * 47 % 360);
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl({hue},55%,55%)"/><text x="32" y="42" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#fff">{E(login[..1].ToUpperInvariant())}</text></svg>
            """;
        return Results.Content(svg, "image/svg+xml");
    }

    private static IResult Page(string title, string body) => Results.Content(
        $"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{E(title)} · GitHub simulator</title></head><body style="font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto"><h1>{E(title)}</h1>{body}<p><a href="/">GitHub simulator</a></p></body></html>""",
        "text/html; charset=utf-8");

    private static IResult NotFoundPage() => Results.Content(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not Found · GitHub simulator</title></head><body><h1>404</h1><p>Not found (or private).</p></body></html>""",
        "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
