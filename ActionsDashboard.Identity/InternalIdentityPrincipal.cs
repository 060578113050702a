using System.Globalization;
using System.Security.Claims;

namespace ActionsDashboard.Identity;

public static class InternalIdentityPrincipal
{
    /// <summary>The identity of an authenticated request, or null.</summary>
    public static InternalIdentity? GetInternalIdentity(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var sub = principal.FindFirst(InternalIdentityClaims.UserId)?.Value;
        var login = principal.FindFirst(InternalIdentityClaims.Login)?.Value;
        var sid = principal.FindFirst(InternalIdentityClaims.SessionHash)?.Value;
        return long.TryParse(sub, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) && login is not null && sid is not null
            ? new InternalIdentity(userId, login, sid)
            : null;
    }
}
