using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitHubProxy.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A GitHub the test scripts, on Kestrel, for what the simulator cannot be made to do: lose a repository on the access
/// list's second page, hang, or answer 410 / 422. Each path answers what the test set; anything else is a 404.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication _app = null!;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request, as <c>GET /path?query</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The repositories of <c>/user/repos</c>, page by page (100 a page): change it to change GitHub's answer.</summary>
    public List<string[]> RepositoryPages { get; set; } = [];

    public static async Task<FakeGitHub> StartAsync()
    {
        var fake = new FakeGitHub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            fake.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (fake._routes.TryGetValue(context.Request.Path.Value!.TrimEnd('/'), out var handler))
            {
                await handler(context);
                return;
            }

            await WriteAsync(context, StatusCodes.Status404NotFound, new { message = "Not Found" });
        });
        await app.StartAsync();
        fake._app = app;
        fake.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        fake.On("/user/repos", fake.ListRepositoriesAsync);
        return fake;
    }

    public void On(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    /// <summary>Answers <paramref name="path"/> with <paramref name="body"/> and <paramref name="status"/> (an ETag and 304s for a 200).</summary>
    public void Json(string path, object body, int status = StatusCodes.Status200OK) => On(path, context => WriteAsync(context, status, body));

    /// <summary>How long a "hanging" GitHub holds a request: far past every timeout of the proxy, short of the test run's.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    /// <summary>Stops within seconds even with requests still open (their connections are aborted), then disposes.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync();
    }

    public static object Repository(string fullName, long id) => new
    {
        id,
        name = fullName.Split('/')[1],
        full_name = fullName,
        owner = new { login = fullName.Split('/')[0], id = 9000, type = "User" },
        @private = false,
        default_branch = "main",
        html_url = $"https://github.example/{fullName}",
        permissions = new { admin = false, push = true, pull = true },
    };

    private Task ListRepositoriesAsync(HttpContext context)
    {
        var pages = RepositoryPages;
        var number = int.TryParse(context.Request.Query["page"], out var page) ? page : 1;
        var names = number <= pages.Count ? pages[number - 1] : [];
        if (number < pages.Count)
        {
            context.Response.Headers.Link = $"<{Url}user/repos?per_page=100&page={number + 1}>; rel=\"next\", <{Url}user/repos?per_page=100&page={pages.Count}>; rel=\"last\"";
        }

        return WriteAsync(context, StatusCodes.Status200OK,
            names.Select(n => Repository(n, 100_000 + (long)(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(n) % 1_000_000)).ToArray());
    }

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        var json = JsonSerializer.Serialize(body);
        if (status == StatusCodes.Status200OK)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16]}\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
