namespace GitHub.Simulator.Apis;

/// <summary>Who may call a REST endpoint, and whether a call counts against the rate limit.</summary>
/// <param name="AllowAnonymous">Public data: answered without a token (with the per-address budget).</param>
/// <param name="UserOnly">Only user tokens: an installation token gets 403 "Resource not accessible by integration".</param>
/// <param name="Free">Does not count against the rate limit (<c>GET /rate_limit</c>).</param>
public sealed record RestAccess(bool AllowAnonymous = false, bool UserOnly = false, bool Free = false)
{
    public static readonly RestAccess Public = new(AllowAnonymous: true);
    public static readonly RestAccess Token = new();
    public static readonly RestAccess User = new(UserOnly: true);
}
