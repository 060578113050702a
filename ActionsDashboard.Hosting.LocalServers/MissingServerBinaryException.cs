namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>A server binary the machine lacks; the message says how to install it.</summary>
public sealed class MissingServerBinaryException(string message) : Exception(message);
