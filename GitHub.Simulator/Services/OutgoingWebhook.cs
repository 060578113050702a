namespace GitHub.Simulator.Services;

/// <summary>A webhook the world produced, before any delivery attempt.</summary>
public sealed record OutgoingWebhook(string Event, string? Action, byte[] Body, string Repository, long? RunId, long? JobId);
