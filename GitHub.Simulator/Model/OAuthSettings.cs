namespace GitHub.Simulator.Model;

public sealed class OAuthSettings
{
    /// <summary>GitHub App user tokens live 8 hours.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>GitHub: 15,897,600 seconds (184 days).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromSeconds(15_897_600);

    /// <summary>An authorization code works once, for 10 minutes.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
