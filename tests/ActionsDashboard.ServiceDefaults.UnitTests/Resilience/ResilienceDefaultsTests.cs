using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Resilience;

/// <summary>
/// Our configuration of Microsoft.Extensions.Http.Resilience's standard handler, as AddServiceDefaults gives it to
/// every HttpClient; the handler's own behaviour is the package's to test.
/// </summary>
public sealed class ResilienceDefaultsTests : IDisposable
{
    private const string ClientName = "github";
    private readonly List<IHost> _hosts = [];

    public void Dispose() => _hosts.ForEach(host => host.Dispose());

    [Fact]
    public async Task Every_client_gets_the_standard_handler_so_a_GET_is_retried_after_a_503()
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        var response = await client.GetAsync("https://api.example.test/repos/o/r/actions/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.AttemptCount);
    }

    [Theory]
    [InlineData("POST", "https://api.example.test/repos/o/r/actions/runs/1/rerun")]
    [InlineData("POST", "https://api.example.test/repos/o/r/actions/runs/1/cancel")]
    [InlineData("PATCH", "https://api.example.test/settings")]
    [InlineData("PUT", "https://api.example.test/settings")]
    [InlineData("DELETE", "https://api.example.test/settings")]
    public async Task A_request_that_changes_something_is_sent_once_even_when_the_answer_is_transient(string method, string url)
    {
        var server = new ScriptedHandler(ScriptedHandler.Respond(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Respond(HttpStatusCode.OK));
        var client = CreateClient(server);

        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}") };
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task A_re_run_is_not_repeated_after_a_connection_failure_either()
    {
        var server = new ScriptedHandler(ScriptedHandler.Fail(), ScriptedHandler.Respond(HttpStatusCode.Created));
        var client = CreateClient(server);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.PostAsync("https://api.example.test/repos/o/r/actions/runs/1/rerun", new StringContent("{}")));

        Assert.Equal(1, server.AttemptCount);
    }

    [Fact]
    public async Task A_client_that_replaces_the_default_handler_keeps_the_rule_when_it_starts_from_ConfigureStandardResilience()
    {
        var server = new ScriptedHandler(
            ScriptedHandler.Respond(HttpStatusCode.BadGateway), ScriptedHandler.Respond(HttpStatusCode.BadGateway), ScriptedHandler.Respond(HttpStatusCode.OK));
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental.
        var client = CreateClient(server, http => http
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                Microsoft.Extensions.Hosting.Extensions.ConfigureStandardResilience(options);
                options.Retry.MaxRetryAttempts = 1;
            }));
#pragma warning restore EXTEXP0001

        var post = await client.PostAsync("https://api.example.test/repos/o/r/actions/runs/1/cancel", new StringContent("{}"));
        var get = await client.GetAsync("https://api.example.test/repos/o/r/actions/runs/1");

        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal([HttpMethod.Post, HttpMethod.Get, HttpMethod.Get], server.Attempts.Select(attempt => attempt.Method));
    }

    private HttpClient CreateClient(ScriptedHandler server, Action<IHttpClientBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = $"test-client-{Guid.NewGuid():N}",
            EnvironmentName = "Production",
            DisableDefaults = true,
        });
        builder.AddServiceDefaults();
        // Retries without waiting, whichever handler a client ends up with.
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.UseJitter = false;
        });
        var http = builder.Services.AddHttpClient(ClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        configure?.Invoke(http);
        var host = builder.Build();
        _hosts.Add(host);
        return host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
    }
}
