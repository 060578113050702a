using ActionsDashboard.EntityFrameworkCore;
using ActionsDashboard.GitHub;
using Auth.Api.Infrastructure;
using Auth.Api.Services;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Auth.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Users and sessions live in authdb; migrations run before the server listens. Redis keeps session snapshots
        // so resolving a session costs no database round trip (ARCHITECTURE.md, "Data ownership").
        builder.AddNpgsqlDataSource("authdb");
        builder.Services.NameHealthCheckAfterConnection("PostgreSql", "authdb");
        builder.Services.AddDbContextPool<AuthDbContext>((services, options) => options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.EnrichNpgsqlDbContext<AuthDbContext>(ClientIntegrationSettings.DbContext);
        builder.AddDatabaseMigrations<AuthDbContext>("authdb");
        builder.Services.AddHostedService<ExpiredRowsCleaner>();

        builder.AddRedisClient("redis");
        builder.Services.NameHealthCheckAfterConnection("StackExchange.Redis", "redis");
        builder.Services.AddSingleton<ISessionSnapshotCache, RedisSessionSnapshotCache>();

        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenProtector>();
        builder.Services.AddSingleton<AuthCookies>();
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddSingleton<SessionEndedPublisher>();
        builder.Services.AddScoped<SignInService>();
        builder.Services.AddScoped<GitHubTokenService>();

        // SessionEnded goes to the broker so Realtime.Hub closes the session's connections. Only publishing: no queue.
        // Sign-in and sign-out work while the broker is down, so an outage degrades this service, not its readiness.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("eventbus")))
        {
            builder.AddRabbitMQEventBus("eventbus");
            builder.Services.DegradeHealthChecksOnFailure("eventbus");
        }

        // GitHub's OAuth endpoints and /user, at GitHub:WebBaseUrl / GitHub:ApiBaseUrl (the simulator in demo mode).
        builder.AddGitHubClient();
        builder.Services.AddOptions<GitHubOptions>()
            .Validate(github => !string.IsNullOrWhiteSpace(github.ClientId) && !string.IsNullOrWhiteSpace(github.ClientSecret),
                "Auth.Api signs people in with the GitHub App's OAuth credentials: set GitHub:ClientId and GitHub:ClientSecret "
                + "(environment GitHub__ClientId, GitHub__ClientSecret).")
            .ValidateOnStart();

        // Internal routes: the shared service key, and the gateway's identity tokens for the token hand-out.
        builder.AddInternalApiKey();
        builder.AddInternalIdentityValidator();

        // The gateway forwards the browser's scheme and host, which the Secure cookie decision (and, with no
        // Auth:CallbackUrl, the callback URL) need: believed from the proxies under ForwardedHeaders, by default the
        // gateway on loopback where a local run starts it.
        builder.AddTrustedProxies(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            loopbackByDefault: true);
    }
}
