using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitHub.Simulator.ConformanceTests.Infrastructure;

/// <summary>A delivery as it arrived: the raw body (what Octokit.Webhooks parses) and the headers.</summary>
public sealed record ReceivedDelivery(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Event => Headers["X-GitHub-Event"];

    public string? Action => JsonNode.Parse(Body)?["action"]?.GetValue<string>();

    /// <summary>The run a <c>workflow_run</c> or <c>workflow_job</c> delivery is about, read without any model.</summary>
    public long? RunId
    {
        get
        {
            var payload = JsonNode.Parse(Body);
            return Event switch
            {
                "workflow_run" => payload?["workflow_run"]?["id"]?.GetValue<long>(),
                "workflow_job" => payload?["workflow_job"]?["run_id"]?.GetValue<long>(),
                _ => null,
            };
        }
    }
}

/// <summary>A real HTTP receiver on 127.0.0.1 (a free port) that records every delivery the simulator POSTs.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Lock _sync = new();
    private readonly List<ReceivedDelivery> _received = [];
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/webhooks/github", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = app.Urls.First().TrimEnd('/') + "/webhooks/github";
        return receiver;
    }

    public IReadOnlyList<ReceivedDelivery> Received
    {
        get
        {
            lock (_sync)
            {
                return _received.ToList();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what has arrived, and returns what has.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> condition, string because)
    {
        await Eventually.WaitUntilAsync(() => condition(Received), Eventually.DefaultTimeout, because);
        return Received;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_sync)
        {
            _received.Add(new ReceivedDelivery(headers, buffer.ToArray()));
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
