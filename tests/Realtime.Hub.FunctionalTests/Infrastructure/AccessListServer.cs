using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>
/// A stand-in for GitHubProxy.Api's internal route, serving exactly the documented contract (docs/contracts.md,
/// "Internal routes"): <c>GET /internal/users/{userId}/access</c> with <c>Authorization: Bearer &lt;key&gt;</c> →
/// <c>{ userId, repositories, selected, refreshedAt, expiresAt, repositoryIds }</c> (an expired list with no repositories,
/// as the real one answers), or 404 when nothing is known about the user. Each repository's id is the one
/// <see cref="Events.Repository"/> gives its name, unless a test sets another. The real service is exercised by the end-to-end tests.
/// </summary>
public sealed class AccessListServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, (string[] Repositories, string[] Selected, DateTimeOffset ExpiresAt, Dictionary<string, long> Ids)> _lists = new();
    private int _requests;

    private AccessListServer(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    public Uri Url { get; private set; } = null!;

    public int Requests => _requests;

    public static async Task<AccessListServer> StartAsync(string apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new AccessListServer(app, apiKey);
        app.MapGet("/internal/users/{userId:long}/access", (long userId, HttpRequest request) =>
        {
            Interlocked.Increment(ref server._requests);
            if (request.Headers.Authorization.ToString() != $"Bearer {apiKey}")
            {
                return Results.Problem(title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized);
            }

            if (!server._lists.TryGetValue(userId, out var list))
            {
                return Results.Problem(title: "Not found", statusCode: StatusCodes.Status404NotFound);
            }

            var expired = list.ExpiresAt <= DateTimeOffset.UtcNow;
            return Results.Json(new
            {
                userId,
                repositories = expired ? [] : list.Repositories,
                selected = expired ? [] : list.Selected,
                refreshedAt = list.ExpiresAt - TimeSpan.FromHours(1),
                expiresAt = list.ExpiresAt,
                repositoryIds = expired ? new Dictionary<string, long>() : list.Ids,
            });
        });
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>A list refreshed now, granting for an hour; <paramref name="ids"/> overrides GitHub's id of some repositories.</summary>
    public void Set(long userId, string[] repositories, string[]? selected = null, IReadOnlyDictionary<string, long>? ids = null) =>
        _lists[userId] = (repositories, selected ?? repositories, DateTimeOffset.UtcNow + TimeSpan.FromHours(1),
            repositories.ToDictionary(r => r, r => ids is not null && ids.TryGetValue(r, out var id) ? id : Events.RepositoryId(r)));

    /// <summary>The user's list is past its age limit (nobody refreshed it through /api).</summary>
    public void Expire(long userId) =>
        _lists.AddOrUpdate(userId, _ => ([], [], DateTimeOffset.UtcNow, new Dictionary<string, long>()), (_, list) => list with { ExpiresAt = DateTimeOffset.UtcNow });

    public void Forget(long userId) => _lists.TryRemove(userId, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
