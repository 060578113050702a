namespace Realtime.Hub.Services;

/// <summary>The hub's limits and timings (<c>Realtime</c> section); every value has a default.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>Events kept for resume (<c>Last-Event-ID</c>, <c>?lastEventId=</c>); the oldest drop out first.</summary>
    public int ReplayBufferSize { get; set; } = 10_000;

    /// <summary>Repositories one connection may follow at once (the settings allow 200 selected).</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 200;

    /// <summary>Live connections (SignalR and <c>/events</c>) one session may hold on an instance: a few tabs.</summary>
    public int MaxConnectionsPerSession { get; set; } = 10;

    /// <summary>Live connections one GitHub user may hold on an instance, across sessions and browsers.</summary>
    public int MaxConnectionsPerUser { get; set; } = 30;

    /// <summary>Largest message a SignalR client may send, in bytes.</summary>
    public long MaxMessageSize { get; set; } = 32 * 1024;

    /// <summary><c>: heartbeat</c> comments on <c>/events</c>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>SignalR pings to the client.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A SignalR client silent this long is dropped (at least twice the client's own keep-alive).</summary>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A safety net: any connection older than this is closed (the client reconnects through the gateway, whose
    /// session check then applies again).</summary>
    public TimeSpan MaxConnectionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often live connections' access lists are fetched again; repositories no longer allowed are dropped.</summary>
    public TimeSpan AccessRecheckInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an access list fetched for a new subscription is reused.</summary>
    public TimeSpan AccessListCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events queued for one <c>/events</c> client that is not reading; beyond it the stream is closed (the
    /// client resumes with <c>Last-Event-ID</c>).</summary>
    public int StreamQueueLength { get; set; } = 1_024;

    /// <summary>A SignalR send to a client that takes longer than this aborts that connection.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most events one resume replays; a client further behind is told it has a gap and reloads instead
    /// (an <c>/events</c> stream also never replays more than <see cref="StreamQueueLength"/>).</summary>
    public int MaxReplayEvents { get; set; } = 1_000;

    /// <summary>How long an ended session is remembered, so a connection opened for it afterwards (the gateway caches a
    /// session for 30 s and an identity token lives 60 s) is closed at once.</summary>
    public TimeSpan EndedSessionMemory { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Suggested reconnect delay (<c>retry:</c>) on <c>/events</c>, in milliseconds.</summary>
    public int ReconnectDelayMilliseconds { get; set; } = 2_000;
}
