namespace ActionsDashboard.Identity.InternalApi;

/// <summary>The <c>Internal</c> configuration section: the shared key of service-to-service calls.</summary>
public sealed class InternalApiOptions
{
    public const string SectionName = "Internal";
    public const int MinimumLength = 32;

    /// <summary>Sent as <c>Authorization: Bearer &lt;key&gt;</c> on <c>/internal/**</c> calls.</summary>
    public string? ApiKey { get; set; }

    public override string ToString() => "InternalApiOptions { ApiKey = *** }";
}
