using ActionsDashboard.TestInfrastructure;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitHub.Simulator.Tests.Infrastructure;

public sealed record ReceivedDelivery(IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith)
{
    public string Event => Headers["X-GitHub-Event"];

    public string DeliveryId => Headers["X-GitHub-Delivery"];

    public JsonObject Payload => JsonNode.Parse(Body)!.AsObject();

    public string? Action => Payload["action"]?.GetValue<string>();

    public long? RunId => (Payload["workflow_run"] ?? Payload["workflow_job"])?[Event == "workflow_job" ? "run_id" : "id"]?.GetValue<long>();
}

/// <summary>A real HTTP receiver on 127.0.0.1 (a free port) that records every delivery the simulator POSTs.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Lock _sync = new();
    private readonly List<ReceivedDelivery> _received = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>The status code to answer with (200 unless a test makes the receiver fail).</summary>
    public int AnswerWith { get; set; } = StatusCodes.Status200OK;

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

    /// <summary>Waits until <paramref name="condition"/> holds for what has arrived; fails the test at the deadline.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> condition, string what,
        TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            Task arrived;
            IReadOnlyList<ReceivedDelivery> snapshot;
            lock (_sync)
            {
                snapshot = _received.ToList();
                arrived = _arrived.Task;
            }
            if (condition(snapshot))
            {
                return snapshot;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"Timed out waiting for {what}; received: " +
                    string.Join(", ", snapshot.Select(d => $"{d.Event}.{d.Action} ({d.DeliveryId})")));
            }
            await Task.WhenAny(arrived, Task.Delay(left));
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var status = AnswerWith;
        lock (_sync)
        {
            _received.Add(new ReceivedDelivery(headers, buffer.ToArray(), status));
            _arrived.TrySetResult();
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        context.Response.StatusCode = status;
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
