using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.Identity;

/// <summary>
/// Authenticates a request by its <c>X-Internal-Identity</c> token. The principal carries <c>sub</c> (GitHub user id),
/// <c>login</c> and <c>sid</c> (session hash); <see cref="InternalIdentityPrincipal.GetInternalIdentity"/> reads them back.
/// </summary>
public sealed class InternalIdentityAuthenticationHandler(
    IOptionsMonitor<InternalIdentityAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    InternalIdentityTokenValidator validator)
    : AuthenticationHandler<InternalIdentityAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[InternalIdentityDefaults.HeaderName].ToString();
        if (token.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await validator.ValidateAsync(token, Options.Audiences).ConfigureAwait(false);
        if (result.Identity is not { } identity)
        {
            return AuthenticateResult.Fail($"Internal identity token rejected: {result.Failure}.");
        }

        var claims = new[]
        {
            new Claim(InternalIdentityClaims.UserId, identity.UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(InternalIdentityClaims.Login, identity.Login),
            new Claim(InternalIdentityClaims.SessionHash, identity.SessionHash),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, InternalIdentityClaims.Login, roleType: null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
