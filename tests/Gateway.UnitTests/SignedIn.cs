using ActionsDashboard.Identity.Sessions;
using Gateway.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.UnitTests;

/// <summary>
/// Routing and streaming are under test here, not sign-in (tests/Gateway.FunctionalTests covers that): the gateway gets
/// the keys it needs, and every request arrives with a session cookie that a stub resolver accepts.
/// </summary>
internal static class SignedIn
{
    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Identity:SigningKey", Convert.ToBase64String(new byte[32]));
        builder.UseSetting("Internal:ApiKey", new string('k', 32));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ISessionResolver, StubResolver>();
            services.AddSingleton<IStartupFilter, SessionCookieOnEveryRequest>();
        });
    }

    private sealed class StubResolver : ISessionResolver
    {
        public ValueTask<SessionResolution?> ResolveAsync(string sessionId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SessionResolution?>(new SessionResolution("hash", 1, "octocat", null, null, DateTimeOffset.UtcNow.AddHours(1)));

        public Task ForgetAsync(string sessionId) => Task.CompletedTask;

        public Task ForgetHashAsync(string sessionHash) => Task.CompletedTask;
    }

    private sealed class SessionCookieOnEveryRequest : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Headers.Cookie = $"{SessionCookies.DevelopmentSessionName}=stub-session";
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
