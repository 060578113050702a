namespace Gateway.Model;

public sealed class RateLimitSettings
{
    /// <summary>Every request from one client address, the gateway's health endpoints included (webhooks excepted).</summary>
    public FixedWindowLimit PerIp { get; set; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Sign-ins started from one client address (<c>/auth/github</c>: each stores a pending sign-in).</summary>
    public FixedWindowLimit SignInPerIp { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every request of one signed-in user, across their browsers and addresses.</summary>
    public FixedWindowLimit PerUser { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
}
