using System.Net;
using System.Text.Json;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Goal 3's crowd (#17): other clients of the same signed-in user on the same repository, half <c>/events</c> streams and
/// half SignalR WebSockets, all through the gateway, each counting the <c>run</c> events it receives. They are opened a few
/// at a time, and each counts as open once the hub has confirmed the repository's subscription.
/// </summary>
internal sealed class OtherSubscribers : IAsyncDisposable
{
    private const int OpenConcurrently = 16;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<HubConnection> _hubs = [];
    private readonly List<HttpResponseMessage> _streams = [];
    private readonly Lock _lock = new();
    private HttpClient? _http;
    private long _received;

    public int EventStreams { get; private set; }

    public int WebSockets { get; private set; }

    /// <summary>Run events received by all of them so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    public static async Task<OtherSubscribers> OpenAsync(Uri gateway, CookieContainer cookies, string csrf, string repository, int count)
    {
        var others = new OtherSubscribers();
        if (count <= 0)
        {
            return others;
        }

        others._http = new HttpClient(new BrowserCookieHandler(cookies, followRedirects: false))
        {
            BaseAddress = gateway,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(OpenConcurrently);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (i % 2 == 0)
                {
                    await others.OpenStreamAsync(repository);
                }
                else
                {
                    await others.OpenHubAsync(gateway, cookies, csrf, repository);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        Console.WriteLine($"{others.EventStreams} /events and {others.WebSockets} /ws other subscribers open and subscribed in {started.Elapsed.TotalSeconds:0.0} s.");
        return others;
    }

    private async Task OpenStreamAsync(string repository)
    {
        var response = await _http!.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/events?repo={repository}"),
            HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.StartsWith(": subscribed", StringComparison.Ordinal) && line.Contains(repository, StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            if (line.StartsWith(": refused", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"/events refused {repository}: {line}");
            }
        }

        lock (_lock)
        {
            _streams.Add(response);
            EventStreams++;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line == "event: run")
                    {
                        Interlocked.Increment(ref _received);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
            {
            }
        });
    }

    private async Task OpenHubAsync(Uri gateway, CookieContainer cookies, string csrf, string repository)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(gateway, "/ws"), HttpTransportType.WebSockets, options =>
        {
            options.Headers["Cookie"] = cookies.GetCookieHeader(BrowserCookieHandler.AsBrowserSees(gateway));
            options.Headers["X-CSRF-Token"] = csrf;
        }).Build();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On("subscriptionsChanged", [typeof(JsonElement)], arguments =>
        {
            if (((JsonElement)arguments[0]!).GetProperty("repositories").EnumerateArray()
                .Any(r => string.Equals(r.GetString(), repository, StringComparison.OrdinalIgnoreCase)))
            {
                subscribed.TrySetResult();
            }

            return Task.CompletedTask;
        });
        connection.On("run", [typeof(JsonElement)], _ =>
        {
            Interlocked.Increment(ref _received);
            return Task.CompletedTask;
        });
        await connection.StartAsync(_stop.Token);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (_lock)
        {
            _hubs.Add(connection);
            WebSockets++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }

        await Task.WhenAll(_hubs.Select(h => h.DisposeAsync().AsTask()));
        _http?.Dispose();
        _stop.Dispose();
    }
}
