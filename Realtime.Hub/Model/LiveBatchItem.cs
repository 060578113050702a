namespace Realtime.Hub.Model;

/// <summary>One event in a SignalR <c>batch</c>: the method it would otherwise have been sent as, and its one argument.</summary>
public sealed record LiveBatchItem(string Event, object Data);
