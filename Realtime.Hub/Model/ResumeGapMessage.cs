namespace Realtime.Hub.Model;

/// <summary>Sent on <c>/ws</c> when <c>?lastEventId=</c> could not be replayed: what happened since must be reloaded.</summary>
public sealed record ResumeGapMessage(string Message)
{
    public static readonly ResumeGapMessage Reload = new("The events after your last id are not available here: reload to catch up.");
}
