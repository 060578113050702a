using System.Net;
using System.Net.Http.Headers;
using ActionsDashboard.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Resilience;

public sealed class StandardResilienceHandlerTests : IDisposable
{
    private const string ClientName = "github";
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose() => _providers.ForEach(provider => provider.Dispose());

    [Fact]
    public async Task Get_is_retried_on_503_and_succeeds()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.AttemptCount);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task Get_is_retried_on_transient_status(HttpStatusCode transientStatus)
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(transientStatus), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.AttemptCount);
    }

    [Fact]
    public async Task Get_is_retried_after_a_network_failure()
    {
        var server = new ScriptedHandler(ScriptedHandler.Fail(), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.AttemptCount);
    }

    [Fact]
    public async Task Get_gives_up_after_the_configured_retries_and_returns_the_last_response()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable));
        var client = CreateClient(server, options => options.Retry.MaxRetryAttempts = 2);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, server.AttemptCount);
    }

    [Fact]
    public async Task Post_is_not_retried()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.PostAsync("https://api.example.test/repos/o/r/actions/runs/1/rerun", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task Post_is_retried_with_the_same_body_when_the_request_allows_retries()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.test/events")
        {
            Content = new StringContent("""{"id":"delivery-1"}"""),
        };
        request.Options.Set(HttpResilienceOptionKeys.AllowRetry, true);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["""{"id":"delivery-1"}""", """{"id":"delivery-1"}"""], server.Attempts.Select(attempt => attempt.Body));
    }

    [Fact]
    public async Task Streamed_content_is_buffered_so_an_allowed_retry_sends_it_again()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.BadGateway), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://api.example.test/settings")
        {
            Content = new StreamContent(new ForwardOnlyStream("theme=dark"u8.ToArray())),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["theme=dark", "theme=dark"], server.Attempts.Select(attempt => attempt.Body));
    }

    [Fact]
    public async Task Get_is_not_retried_when_the_request_turns_retries_off()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.test/repos");
        request.Options.Set(HttpResilienceOptionKeys.AllowRetry, false);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task Bad_request_is_not_retried()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.BadRequest), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task Retry_after_header_replaces_the_back_off_delay()
    {
        var server = new ScriptedHandler(
            ScriptedHandler.Respond(HttpStatusCode.TooManyRequests, response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1))),
            ScriptedHandler.Respond(HttpStatusCode.OK));
        // A 20 s back-off: the retry can only come within a few seconds if Retry-After decided the wait.
        var client = CreateClient(server, options =>
        {
            options.Retry.Delay = TimeSpan.FromSeconds(20);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        });

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = server.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);
        var wait = attempts[1].At - attempts[0].At;
        Assert.InRange(wait, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Retry_after_longer_than_the_limit_returns_the_response_at_once()
    {
        var server = new ScriptedHandler(
            ScriptedHandler.Respond(HttpStatusCode.TooManyRequests, response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(60))),
            ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task Circuit_breaker_opens_after_failures_and_stops_calling_the_server()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.InternalServerError));
        var client = CreateClient(server, options =>
        {
            options.Retry.MaxRetryAttempts = 0;
            options.CircuitBreaker.MinimumThroughput = 2;
            options.CircuitBreaker.FailureRatio = 0.5;
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("https://api.example.test/a")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("https://api.example.test/b")).StatusCode);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync("https://api.example.test/c"));

        Assert.Equal(2, server.AttemptCount);
    }

    [Fact]
    public async Task Circuit_state_is_shared_by_every_client_instance_of_the_same_name()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.InternalServerError));
        var factory = CreateFactory(server, options =>
        {
            options.Retry.MaxRetryAttempts = 0;
            options.CircuitBreaker.MinimumThroughput = 2;
            options.CircuitBreaker.FailureRatio = 0.5;
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });

        await factory.CreateClient(ClientName).GetAsync("https://api.example.test/a");
        await factory.CreateClient(ClientName).GetAsync("https://api.example.test/b");

        await Assert.ThrowsAsync<BrokenCircuitException>(() => factory.CreateClient(ClientName).GetAsync("https://api.example.test/c"));
    }

    [Fact]
    public async Task Attempt_timeout_turns_a_slow_response_into_a_retry()
    {
        var server = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server, options => options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200));

        var response = await client.GetAsync("https://api.example.test/repos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = server.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[0].CancellationToken.IsCancellationRequested, "the slow attempt was cancelled");
    }

    [Fact]
    public async Task Total_timeout_ends_the_request_whatever_the_retries()
    {
        var server = new ScriptedHandler(ScriptedHandler.Hang());
        var client = CreateClient(server, options =>
        {
            options.TotalRequestTimeout.Timeout = TimeSpan.FromMilliseconds(300);
            options.Retry.MaxRetryAttempts = 10;
        });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetAsync("https://api.example.test/repos"));

        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_retried()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new ScriptedHandler(ScriptedHandler.Hang(started), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);
        using var cancellation = new CancellationTokenSource();

        var sending = client.GetAsync("https://api.example.test/repos", cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task A_client_gets_one_resilience_handler_and_its_own_options_when_defaults_add_one_too()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable));
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(FastRetries));
        services.AddHttpClient(ClientName)
            .AddStandardResilienceHandler(options => options.Retry.MaxRetryAttempts = 1)
            .ConfigurePrimaryHttpMessageHandler(() => server);
        var client = Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

        await client.GetAsync("https://api.example.test/repos");

        // Two stacked handlers would make 2 x 2 attempts; defaults alone would make 4.
        Assert.Equal(2, server.AttemptCount);
    }

    [Fact]
    public async Task Options_can_be_set_per_named_client_through_configure()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable));
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(FastRetries));
        services.Configure<HttpStandardResilienceOptions>(ClientName, options => options.Retry.MaxRetryAttempts = 2);
        services.AddHttpClient(ClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddHttpClient("other").ConfigurePrimaryHttpMessageHandler(() => server);
        var factory = Build(services).GetRequiredService<IHttpClientFactory>();

        await factory.CreateClient(ClientName).GetAsync("https://api.example.test/repos");
        Assert.Equal(3, server.AttemptCount);
        await factory.CreateClient("other").GetAsync("https://api.example.test/repos");
        Assert.Equal(3 + 4, server.AttemptCount);
    }

    private static void FastRetries(HttpStandardResilienceOptions options)
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.UseJitter = false;
    }

    private HttpClient CreateClient(ScriptedHandler server, Action<HttpStandardResilienceOptions>? configure = null) =>
        CreateFactory(server, configure).CreateClient(ClientName);

    private IHttpClientFactory CreateFactory(ScriptedHandler server, Action<HttpStandardResilienceOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName)
            .AddStandardResilienceHandler(options =>
            {
                FastRetries(options);
                configure?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => server);
        return Build(services).GetRequiredService<IHttpClientFactory>();
    }

    private ServiceProvider Build(IServiceCollection services)
    {
        services.AddLogging();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Like a network stream: it can be read once, so an unbuffered retry could not send it again.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
