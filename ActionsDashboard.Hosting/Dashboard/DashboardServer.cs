using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.Hosting.Dashboard;

/// <summary>
/// The AppHost's dashboard: every resource with its state, health checks, endpoints and console output, live.
/// Like Aspire's, it asks for a sign-in token (printed in the console) because console output can reveal
/// more than a passer-by on this machine should see.
/// </summary>
internal sealed class DashboardServer(ResourceNotificationService notifications, string? configuredToken) : IAsyncDisposable
{
    private const string CookieName = "apphost-dashboard";
    private readonly string _token = configuredToken is { Length: > 0 } ? configuredToken : Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public string LoginUrl => $"{Url}/login?t={_token}";

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        if (port == 0)
        {
            // Kestrel cannot bind "localhost" to a dynamic port; pick a free one ourselves.
            port = PortAllocator.GetFreePort();
        }
        else if (!PortAllocator.IsFree(port))
        {
            throw new InvalidOperationException(
                $"The dashboard's port {port} is in use (another AppHost?). Stop it, or choose another port with --AppHost:DashboardPort=<port>.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "ActionsDashboard.Dashboard" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var app = builder.Build();

        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["X-Frame-Options"] = "DENY";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
            if (context.Request.Path.StartsWithSegments("/login") || IsSignedIn(context))
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { title = "Sign in with the dashboard link the AppHost printed in its console." });
                return;
            }

            context.Response.Redirect("/login");
        });

        app.MapGet("/login", (HttpContext context, string? t) =>
        {
            if (t is not null && FixedTimeEquals(t, _token))
            {
                context.Response.Cookies.Append(CookieName, _token, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    IsEssential = true,
                });
                return Results.Redirect("/");
            }

            var message = t is null ? "" : "<p class=err>That token is not valid for this AppHost run.</p>";
            return Results.Content(
                $"<!doctype html><html lang=en><meta charset=utf-8><title>AppHost dashboard: sign in</title><style>body{{font:15px system-ui;margin:4rem auto;max-width:32rem}}.err{{color:#b00020}}input{{width:100%;padding:.4rem}}</style>"
                + $"<h1>AppHost dashboard</h1>{message}<p>Open the dashboard link the AppHost printed in its console, or paste its token:</p>"
                + "<form method=get action=/login><label for=t>Token</label><input id=t name=t autocomplete=off autofocus><p><button>Sign in</button></form>",
                "text/html; charset=utf-8");
        });

        app.MapGet("/", () => Results.Stream(typeof(DashboardServer).Assembly.GetManifestResourceStream("dashboard.html")!, "text/html; charset=utf-8"));
        app.MapGet("/api/resources", () => Results.Ok(notifications.GetAll()));
        app.MapGet("/api/resources/{name}/logs", (string name, long? after) =>
            notifications.TryGet(name, out _) ? Results.Ok(notifications.GetLogs(name, after ?? 0)) : Results.NotFound());

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        Url = $"http://localhost:{new Uri(address).Port}";
        _app = app;
    }

    private bool IsSignedIn(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var cookie) && FixedTimeEquals(cookie, _token);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
