namespace ActionsDashboard.Identity;

public static class InternalIdentityDefaults
{
    /// <summary>The authentication scheme <c>AddInternalIdentity</c> registers.</summary>
    public const string AuthenticationScheme = "InternalIdentity";

    /// <summary>
    /// The header that carries the token from the gateway to a service, and from a service to Auth.Api. Not
    /// <c>Authorization</c>: internal calls already use that for the service-to-service API key.
    /// </summary>
    public const string HeaderName = "X-Internal-Identity";

    /// <summary>Every header with this prefix is internal: the gateway drops any a client sends.</summary>
    public const string InternalHeaderPrefix = "X-Internal-";

    public const string Issuer = "actionsdashboard-gateway";
}
