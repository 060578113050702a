using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>What one live client saw: every (event id, run or job id) it received, reconnections and resume gaps.</summary>
internal sealed class LiveLog
{
    private readonly ConcurrentDictionary<string, int> _events = new();
    public ConcurrentDictionary<long, int> Entities { get; } = new();
    public int Reconnects;
    public int ResumeGaps;
    public string? LastEventId;

    public void Add(string? eventId, JsonNode? message)
    {
        var entity = message?["run"]?["id"] ?? message?["job"]?["id"];
        if (entity is null)
        {
            return;
        }

        var id = (long)entity;
        Entities.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (eventId is not null)
        {
            // The hub numbers events per instance: after a restart the numbers start again, so a duplicate is the same
            // event id carrying the same run or job.
            _events.AddOrUpdate($"{eventId}/{id}", 1, (_, n) => n + 1);
            LastEventId = eventId;
        }
    }

    public int DuplicateEventIds => _events.Values.Sum(n => n - 1);
}

/// <summary>A browser's <c>/events</c> stream through the gateway that reconnects with <c>Last-Event-ID</c> after a drop.</summary>
internal static class EventsClient
{
    public static async Task RunAsync(HttpClient browser, string repository, LiveLog log, CancellationToken stop, TaskCompletionSource? subscribed = null)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/events?repo={repository}");
                if (log.LastEventId is { } last)
                {
                    request.Headers.Add("Last-Event-ID", last);
                }

                using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new HttpRequestException($"/events answered {(int)response.StatusCode}");
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
                string? eventId = null;
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    if (line.StartsWith(": subscribed", StringComparison.Ordinal) && line.Contains(repository, StringComparison.OrdinalIgnoreCase))
                    {
                        subscribed?.TrySetResult();
                    }
                    else if (line.StartsWith(": resume-gap", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref log.ResumeGaps);
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        eventId = line[4..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        log.Add(eventId, JsonNode.Parse(line.AsSpan(6).ToString()));
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Dropped or refused while something restarts: reconnect with the last id seen.
            }

            if (!first)
            {
                Interlocked.Increment(ref log.Reconnects);
            }

            first = false;
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>The .NET SignalR client on <c>/ws</c> through the gateway (WebSockets), as a signed-in browser: a new connection
/// with <c>?lastEventId=</c> after each drop.</summary>
internal static class WsClient
{
    public static async Task RunAsync(Uri gateway, CookieContainer cookies, string csrf, LiveLog log, CancellationToken stop)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            var url = new Uri(gateway, log.LastEventId is { } last ? $"/ws?lastEventId={last}" : "/ws");
            await using var connection = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets, options =>
            {
                options.Headers["Cookie"] = cookies.GetCookieHeader(BrowserCookieHandler.AsBrowserSees(gateway));
                options.Headers["X-CSRF-Token"] = csrf;
            }).Build();
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            connection.On("resumeGap", [typeof(JsonElement)], _ =>
            {
                Interlocked.Increment(ref log.ResumeGaps);
                return Task.CompletedTask;
            });
            foreach (var target in new[] { "run", "job" })
            {
                connection.On(target, [typeof(JsonElement)], arguments =>
                {
                    var message = JsonNode.Parse(((JsonElement)arguments[0]!).GetRawText());
                    log.Add((string?)message?["eventId"], message);
                    return Task.CompletedTask;
                });
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await connection.StartAsync(timeout.Token);
                if (!first)
                {
                    Interlocked.Increment(ref log.Reconnects);
                }

                first = false;
                await closed.Task.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Refused or unreachable while something restarts: try again.
            }

            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
