namespace Realtime.Hub.Model;

/// <summary>
/// One message as the hub sends it, with its place in this instance's sequence. <see cref="Json"/> is the payload
/// serialised once for every <c>/events</c> client; SignalR serialises <see cref="Payload"/> once per protocol.
/// <see cref="RepositoryId"/> is GitHub's id of the repository the event is about: a connection gets it only when its
/// user's access list has that id for the name (<see cref="LiveConnection.Follows"/>).
/// </summary>
public sealed record LiveEvent(long Sequence, string Name, string RepositoryKey, long RepositoryId, object Payload, string Json)
{
    /// <summary>The contract's <c>eventId</c>: the sequence in decimal (same width for centuries, so it also sorts as text).</summary>
    public string EventId => EventIds.Format(Sequence);

    private byte[]? _frame;

    /// <summary>The <c>/events</c> frame, encoded once however many streams send it: <c>id:</c>, <c>event:</c>, one
    /// <c>data:</c> line (serialised JSON never contains a raw newline).</summary>
    public byte[] Frame => _frame ??= System.Text.Encoding.UTF8.GetBytes($"id: {EventId}\nevent: {Name}\ndata: {Json}\n\n");
}
