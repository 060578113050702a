namespace Gateway.Model;

public sealed class RateLimitSettings
{
    /// <summary>Every request from one client address (webhooks and health checks excepted).</summary>
    public FixedWindowLimit PerIp { get; set; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every request of one signed-in user, across their browsers and addresses.</summary>
    public FixedWindowLimit PerUser { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
}
