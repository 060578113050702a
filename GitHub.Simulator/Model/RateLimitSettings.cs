namespace GitHub.Simulator.Model;

public sealed class RateLimitSettings
{
    /// <summary>Requests per hour for a user token (GitHub: 5,000).</summary>
    public int PerHour { get; set; } = 5000;

    public int InstallationPerHour { get; set; } = 5000;

    /// <summary>Requests per hour without a token, per client address (GitHub: 60).</summary>
    public int AnonymousPerHour { get; set; } = 60;
}
