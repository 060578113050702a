namespace Alerts.Api.Services;

/// <summary>A send refused before any byte left: the destination is not allowed (any more).</summary>
public sealed class DestinationRefusedException(string message) : Exception(message);
