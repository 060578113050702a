namespace GitHub.Simulator.Model;

public sealed class GitHubAppSettings
{
    /// <summary>The app id that app JWTs must carry as <c>iss</c> (the client id is accepted as well, like GitHub).</summary>
    public string Id { get; set; } = "12345";

    public string Slug { get; set; } = "actions-dashboard";

    /// <summary>PEM public key; when set, app JWT signatures are verified, otherwise only their shape and claims.</summary>
    public string? PublicKey { get; set; }

    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public long NumericId => long.TryParse(Id, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
}
