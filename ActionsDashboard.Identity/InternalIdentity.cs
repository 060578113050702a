namespace ActionsDashboard.Identity;

/// <summary>Who a request through the gateway is for: the GitHub user and the session it came with.</summary>
/// <param name="UserId">The GitHub user id (stable across renames).</param>
/// <param name="Login">The GitHub login at sign-in.</param>
/// <param name="SessionHash">The session id's hash (<see cref="Sessions.SessionSecrets.Hash"/>), never the id itself.</param>
public sealed record InternalIdentity(long UserId, string Login, string SessionHash);

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

/// <summary>The claims of an internal identity token.</summary>
public static class InternalIdentityClaims
{
    public const string UserId = "sub";
    public const string Login = "login";
    public const string SessionHash = "sid";
}
