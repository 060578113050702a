using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gateway.FunctionalTests.Infrastructure;

/// <summary>What a stand-in service saw of one request.</summary>
public sealed record SeenRequest(string Method, string Path, string? Identity, string? Authorization, string? Cookie, long BodyLength);

/// <summary>
/// One loopback app standing in for githubproxy-api, realtime-hub, webhooks-api and web: it records what reaches it
/// (identity header, Authorization, cookies) and answers 200 with the same as JSON.
/// </summary>
public sealed class StandInServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServices(WebApplication app) => _app = app;

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    /// <summary>Paths of requests that reached a stand-in, recorded as they arrive (before their body is read).</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    public string Url => _app.Urls.Single();

    public static async Task<StandInServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var services = new StandInServices(app);
        app.Run(async context =>
        {
            services.Arrived.Enqueue(context.Request.Path.Value ?? "");
            long length = 0;
            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            var seen = new SeenRequest(context.Request.Method, context.Request.Path.Value ?? "",
                Header(context, "X-Internal-Identity"), Header(context, "Authorization"), Header(context, "Cookie"), length);
            services.Seen.Enqueue(seen);
            await context.Response.WriteAsJsonAsync(seen);
        });
        await app.StartAsync();
        return services;
    }

    public SeenRequest Last(string path) => Seen.Last(s => s.Path == path);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
