using System.Net;
using System.Net.Http.Json;
using ActionsDashboard.Identity.Sessions;
using Gateway.Model;
using Gateway.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.FunctionalTests;

/// <summary>The gateway's session cache in Redis against a sign-out that lands while a lookup is in flight.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionCacheRaceTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_lookup_in_flight_during_a_sign_out_does_not_cache_the_ended_session_again()
    {
        var sessionId = SessionSecrets.NewSessionId();
        var resolution = new SessionResolution(SessionSecrets.Hash(sessionId), 583231, "octocat", null, null, DateTimeOffset.UtcNow.AddHours(1));
        var release = new TaskCompletionSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = false;
        // Auth.Api answers as of when the lookup reached it; the first answer is held back until the test releases it.
        using var authApi = new HttpClient(new StubHandler(async () =>
        {
            var live = !ended;
            reached.TrySetResult();
            await release.Task;
            return live ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(resolution) } : new HttpResponseMessage(HttpStatusCode.NotFound);
        })) { BaseAddress = new Uri("http://auth-api") };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var resolver = new CachedSessionResolver(redis, new AuthApiClient(authApi), new FixedOptions(new GatewayOptions()), TimeProvider.System,
            NullLogger<CachedSessionResolver>.Instance);

        // A request's lookup reaches Auth.Api before the sign-out, and its answer comes back after it.
        var inFlight = resolver.ResolveAsync(sessionId, CancellationToken.None).AsTask();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await resolver.ForgetAsync(sessionId);
        ended = true;
        release.SetResult();
        Assert.NotNull(await inFlight);

        // The next request must not find the ended session in the cache.
        Assert.Null(await resolver.ResolveAsync(sessionId, CancellationToken.None));
    }

    private sealed class StubHandler(Func<Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer();
    }

    private sealed class FixedOptions(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => value;

        public GatewayOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
