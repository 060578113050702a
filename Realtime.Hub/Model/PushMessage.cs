namespace Realtime.Hub.Model;

public sealed record PushMessage(string EventId, string Repository, string? Branch, string HeadSha, string? Message, string? Pusher, string? CompareUrl);
