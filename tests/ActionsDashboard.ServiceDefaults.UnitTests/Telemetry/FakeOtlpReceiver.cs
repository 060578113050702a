using System.Collections.Concurrent;
using ActionsDashboard.ServiceDefaults.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Telemetry;

/// <summary>An OTLP/HTTP (protobuf) collector that only records what it is sent.</summary>
internal sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public Uri Address => _app!.Address();

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var receiver = new FakeOtlpReceiver();
        receiver._app = await TestApps.StartKestrelAsync(app => app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Received.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
            // An empty Export*ServiceResponse is a valid (successful) protobuf message.
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        }));
        return receiver;
    }

    public byte[] BodiesFor(string path) =>
        Received.Where(request => request.Path == path).SelectMany(request => request.Body).ToArray();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
