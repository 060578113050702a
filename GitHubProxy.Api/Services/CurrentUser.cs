using ActionsDashboard.Identity;

namespace GitHubProxy.Api.Services;

/// <summary>The signed-in person a request is for, with the gateway's identity token to present to Auth.Api.</summary>
public sealed record CurrentUser(long UserId, string Login, string SessionHash, string IdentityToken)
{
    /// <summary>Binds a handler's <see cref="CurrentUser"/> parameter; every <c>/api</c> endpoint requires authorization.</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext context) => ValueTask.FromResult<CurrentUser?>(From(context));

    public static CurrentUser From(HttpContext context)
    {
        var identity = context.User.GetInternalIdentity()
            ?? throw new InvalidOperationException("The endpoint must require authorization: no internal identity on the request.");
        return new CurrentUser(identity.UserId, identity.Login, identity.SessionHash,
            context.Request.Headers[InternalIdentityDefaults.HeaderName].ToString());
    }

    // The identity token is a bearer credential for one hop: keep it out of logs.
    public override string ToString() => $"CurrentUser {{ UserId = {UserId}, Login = {Login} }}";
}
