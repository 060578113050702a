namespace ActionsDashboard.Hosting.LocalServers;

internal static class LocalServerDefaults
{
    public const string EndpointName = "tcp";

    /// <summary>Every local server listens on IPv4 loopback only.</summary>
    public const string Loopback = "127.0.0.1";
}
