using ActionsDashboard.Identity;

namespace Alerts.Api.Services;

/// <summary>The signed-in person a request is for, from the gateway's identity token.</summary>
public sealed record CurrentUser(long UserId, string Login)
{
    /// <summary>Binds a handler's <see cref="CurrentUser"/> parameter; every endpoint here requires authorization.</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext context)
    {
        var identity = context.User.GetInternalIdentity()
            ?? throw new InvalidOperationException("The endpoint must require authorization: no internal identity on the request.");
        return ValueTask.FromResult<CurrentUser?>(new CurrentUser(identity.UserId, identity.Login));
    }
}
