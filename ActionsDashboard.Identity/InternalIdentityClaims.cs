namespace ActionsDashboard.Identity;

/// <summary>The claims of an internal identity token.</summary>
public static class InternalIdentityClaims
{
    public const string UserId = "sub";
    public const string Login = "login";
    public const string SessionHash = "sid";
}
