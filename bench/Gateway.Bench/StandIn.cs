using System.Security.Cryptography;
using ActionsDashboard.Identity.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// One loopback app playing the proxied service (200 "ok") and Auth.Api's session lookup for one session. The lookup is
/// only reached on a gateway cache miss; the bench counts those to show the measured requests were warm.
/// </summary>
internal sealed class StandIn : IAsyncDisposable
{
    public static readonly string ApiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;
    private int _resolutions;
    private int _identitiesSeen;

    private StandIn(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public int Resolutions => _resolutions;

    public int IdentitiesSeen => _identitiesSeen;

    public static async Task<StandIn> StartAsync(string sessionId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var standIn = new StandIn(app);
        var resolution = new SessionResolution(SessionSecrets.Hash(sessionId), 1, "octocat", "The Octocat", null, DateTimeOffset.UtcNow.AddHours(8));
        app.MapSessionResolve(new Dictionary<string, SessionResolution> { [sessionId] = resolution }, ApiKey,
            () => Interlocked.Increment(ref standIn._resolutions));
        app.MapFallback((HttpContext context) =>
        {
            if (context.Request.Headers.ContainsKey("X-Internal-Identity"))
            {
                Interlocked.Increment(ref standIn._identitiesSeen);
            }

            return "ok";
        });
        await app.StartAsync();
        return standIn;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
