using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A local HTTP server on loopback: <c>POST /hook/{name}</c> records each request and answers <see cref="StatusCodes"/>'s
/// status for the name (200 unless told); <c>GET /internal/users/{id}/access</c> and <c>/teams</c> play GitHubProxy.Api's
/// access list and team list from <see cref="Access"/> and <see cref="Teams"/>, checking the bearer key.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    public sealed record Received(string Name, IReadOnlyDictionary<string, string> Headers, byte[] Body, long Timestamp)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    private readonly WebApplication _app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public ConcurrentDictionary<string, int> StatusCodes { get; } = new();

    /// <summary>How long the hook of a name waits before it answers (a destination that hangs).</summary>
    public ConcurrentDictionary<string, TimeSpan> Delays { get; } = new();

    /// <summary>User id → the repositories (full name → GitHub id) their access list grants.</summary>
    public ConcurrentDictionary<long, Dictionary<string, long>> Access { get; } = new();

    /// <summary>User id → their GitHub teams (<c>organization/slug</c>), as GitHubProxy.Api's <c>/internal/users/{id}/teams</c>
    /// answers them; a user not here is unknown there (404).</summary>
    public ConcurrentDictionary<long, string[]> Teams { get; } = new();

    /// <summary>How many times each user's teams were asked for.</summary>
    public ConcurrentDictionary<long, int> TeamRequests { get; } = new();

    public string AccessListApiKey { get; }

    public Uri BaseUrl { get; }

    private Receiver(WebApplication app, string key, Uri baseUrl)
    {
        _app = app;
        AccessListApiKey = key;
        BaseUrl = baseUrl;
    }

    public IReadOnlyList<Received> For(string name) => Requests.Where(r => r.Name == name).ToList();

    public string HookUrl(string name) => new Uri(BaseUrl, $"/hook/{name}").ToString();

    public static async Task<Receiver> StartAsync(string accessListApiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Receiver? receiver = null;
        app.MapPost("/hook/{name}", async (string name, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver!.Requests.Enqueue(new Received(name, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(), Stopwatch.GetTimestamp()));
            if (receiver.Delays.TryGetValue(name, out var delay))
            {
                await Task.Delay(delay, request.HttpContext.RequestAborted);
            }

            return Results.StatusCode(receiver.StatusCodes.GetValueOrDefault(name, 200));
        });
        app.MapGet("/internal/users/{id:long}/access", (long id, HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != $"Bearer {receiver!.AccessListApiKey}")
            {
                return Results.StatusCode(401);
            }

            return receiver.Access.TryGetValue(id, out var repositories)
                ? Results.Json(new { userId = id, repositories = repositories.Keys.ToArray(), selected = Array.Empty<string>(), refreshedAt = DateTimeOffset.UtcNow,
                    expiresAt = DateTimeOffset.UtcNow.AddDays(1), repositoryIds = repositories })
                : Results.NotFound();
        });
        app.MapGet("/internal/users/{id:long}/teams", (long id, HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != $"Bearer {receiver!.AccessListApiKey}")
            {
                return Results.StatusCode(401);
            }

            receiver.TeamRequests.AddOrUpdate(id, 1, (_, count) => count + 1);
            return receiver.Teams.TryGetValue(id, out var teams)
                ? Results.Json(new
                {
                    userId = id,
                    teams = teams.Select(t => new { team = t, organization = t[..t.IndexOf('/')], slug = t[(t.IndexOf('/') + 1)..], name = t }).ToArray(),
                    refreshedAt = DateTimeOffset.UtcNow, expiresAt = DateTimeOffset.UtcNow.AddDays(1),
                })
                : Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new Receiver(app, accessListApiKey, new Uri(address));
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
