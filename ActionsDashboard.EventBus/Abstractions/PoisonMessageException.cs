namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>
/// A message that can never be handled (not JSON, not the shape of its type): retrying cannot help, so the transport
/// dead-letters it at once instead of after its retries.
/// </summary>
public sealed class PoisonMessageException(string message, Exception? innerException = null) : Exception(message, innerException);
