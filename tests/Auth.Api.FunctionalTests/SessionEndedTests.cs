using System.Collections.Concurrent;
using System.Net;
using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.Identity.Sessions;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Auth.Api.FunctionalTests;

/// <summary>Auth.Api announces ended sessions on the bus (Realtime.Hub closes their connections), and never fails a
/// sign-out because the broker is away.</summary>
[Collection(AuthApiCollection.Name)]
public sealed class SessionEndedTests(AuthApiFixture fixture, RabbitMQServerFixture rabbitMQ) : IClassFixture<RabbitMQServerFixture>
{
    [Fact]
    public async Task Sign_out_and_a_sign_in_that_replaces_the_session_each_publish_SessionEnded()
    {
        var exchange = $"test.events.{Guid.NewGuid():N}";
        await using var consumer = await SessionEndedConsumer.StartAsync(rabbitMQ.ConnectionString, exchange);
        var authApi = fixture.StartAuthApi(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = exchange,
        }).ClientOptions.BaseAddress;
        using var browser = new Browser();

        var replaced = await fixture.SignInAsync(browser, "octocat", authApi);
        var current = await fixture.SignInAsync(browser, "octocat", authApi);
        var csrf = (string?)(await AuthApiFixture.ReadJsonAsync(await browser.GetAsync(fixture.Auth("/auth/session", authApi))))["csrfToken"];
        using var logout = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/auth/logout", authApi));
        logout.Headers.Add(SessionCookies.CsrfHeaderName, csrf);
        using var loggedOut = await browser.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);

        var ended = await Eventually.WaitForAsync(() => Task.FromResult(consumer.Received.ToArray()), events => events.Length >= 2,
            TimeSpan.FromSeconds(15), "for both sessions' SessionEnded");
        Assert.Contains(ended, e => e.SessionHash == SessionSecrets.Hash(replaced) && e.Reason == SessionEndReasons.Replaced && e.UserId > 0);
        Assert.Contains(ended, e => e.SessionHash == SessionSecrets.Hash(current) && e.Reason == SessionEndReasons.SignedOut && e.UserId > 0);
    }

    [Fact]
    public async Task A_refresh_GitHub_refuses_ends_the_session_and_publishes_SessionEnded()
    {
        var exchange = $"test.events.{Guid.NewGuid():N}";
        await using var consumer = await SessionEndedConsumer.StartAsync(rabbitMQ.ConnectionString, exchange);
        var authApi = fixture.StartAuthApi(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = exchange,
        }).ClientOptions.BaseAddress;
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "hubot", authApi);
        await fixture.SpendStoredRefreshTokenAsync(sessionId);
        fixture.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));

        using var response = await fixture.RequestGitHubTokenAsync(sessionId, 3, "hubot", authApi: authApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var ended = await Eventually.WaitForAsync(() => Task.FromResult(consumer.Received.ToArray()), events => events.Length >= 1,
            TimeSpan.FromSeconds(15), "for SessionEnded");
        var only = Assert.Single(ended);
        Assert.Equal((SessionSecrets.Hash(sessionId), 3L, SessionEndReasons.RefreshFailed), (only.SessionHash, only.UserId, only.Reason));
    }

    [Fact]
    public async Task The_sweep_of_expired_sessions_ends_each_one_and_publishes_SessionEnded()
    {
        var exchange = $"test.events.{Guid.NewGuid():N}";
        await using var consumer = await SessionEndedConsumer.StartAsync(rabbitMQ.ConnectionString, exchange);
        var factory = fixture.StartAuthApi(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = exchange,
        });
        var authApi = factory.ClientOptions.BaseAddress;
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat", authApi);

        // Idle past its timeout: the next sweep ends it, without anyone using it again.
        fixture.Clock.Advance(AuthApiFixture.IdleTimeout + TimeSpan.FromMinutes(1));
        await factory.Services.GetServices<IHostedService>().OfType<Auth.Api.Infrastructure.ExpiredRowsCleaner>().Single()
            .SweepAsync(CancellationToken.None);

        var ended = await Eventually.WaitForAsync(() => Task.FromResult(consumer.Received.ToArray()),
            events => events.Any(e => e.SessionHash == SessionSecrets.Hash(sessionId)), TimeSpan.FromSeconds(15), "for the expired session's SessionEnded");
        Assert.Equal(SessionEndReasons.Expired, ended.Single(e => e.SessionHash == SessionSecrets.Hash(sessionId)).Reason);
        var rows = await Databases.QueryAsync(fixture.AuthDb, "SELECT count(*) FROM sessions WHERE id_hash = @hash", reader => reader.GetInt64(0),
            ("hash", SessionSecrets.Hash(sessionId)));
        Assert.Equal(0, rows.Single());
    }

    [Fact]
    public async Task Sign_out_succeeds_and_logs_when_the_broker_cannot_be_reached()
    {
        var authApi = fixture.StartAuthApi(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = $"amqp://nobody:nothing@127.0.0.1:{LocalServers.FreeTcpPort()}",
        }).ClientOptions.BaseAddress;
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat", authApi);
        var csrf = (string?)(await AuthApiFixture.ReadJsonAsync(await browser.GetAsync(fixture.Auth("/auth/session", authApi))))["csrfToken"];

        using var logout = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/auth/logout", authApi));
        logout.Headers.Add(SessionCookies.CsrfHeaderName, csrf);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        using var loggedOut = await browser.SendAsync(logout);

        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(8), $"sign-out waited {timer.Elapsed} for the broker");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(fixture.Auth("/auth/session", authApi))).StatusCode);
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("Could not announce the end of a session", StringComparison.Ordinal));
    }

    /// <summary>A consumer of SessionEnded on its own queue, as Realtime.Hub subscribes.</summary>
    private sealed class SessionEndedConsumer : IAsyncDisposable
    {
        private readonly IHost _host;

        private SessionEndedConsumer(IHost host, ConcurrentQueue<SessionEnded> received)
        {
            _host = host;
            Received = received;
        }

        public ConcurrentQueue<SessionEnded> Received { get; }

        public static async Task<SessionEndedConsumer> StartAsync(string connectionString, string exchange)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "TestConsumer", DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:eventbus"] = connectionString,
                ["EventBus:ExchangeName"] = exchange,
                ["EventBus:QueueName"] = $"test-consumer-{Guid.NewGuid():N}",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var received = new ConcurrentQueue<SessionEnded>();
            builder.Services.AddSingleton(received);
            builder.AddRabbitMQEventBus("eventbus").AddSubscription<SessionEnded, Recorder>();
            var host = builder.Build();
            await host.StartAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
            return new SessionEndedConsumer(host, received);
        }

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
            _host.Dispose();
        }
    }

    private sealed class Recorder(ConcurrentQueue<SessionEnded> received) : IIntegrationEventHandler<SessionEnded>
    {
        public Task HandleAsync(SessionEnded @event, CancellationToken cancellationToken)
        {
            received.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
