using ActionsDashboard.Identity;
using Gateway.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Infrastructure;

/// <summary>
/// Adds the internal identity token to a signed-in request on its way to the service: valid for about a minute (the
/// issuer reuses one per session and service for the first half of that), with the route's cluster (the service's
/// resource name) as audience so it cannot be replayed to another service. Whatever the client sent in that header was
/// dropped by <see cref="SessionCheck"/>.
/// </summary>
internal static class IdentityForwarding
{
    public static void AddTransform(TransformBuilderContext context)
    {
        var issuer = context.Services.GetRequiredService<InternalIdentityTokenIssuer>();
        var audience = context.Route.ClusterId ?? context.Cluster?.ClusterId ?? "";
        context.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(InternalIdentityDefaults.HeaderName);
            if (transform.HttpContext.Features.Get<GatewaySession>() is { } session && audience.Length > 0)
            {
                var resolution = session.Resolution;
                transform.ProxyRequest.Headers.TryAddWithoutValidation(InternalIdentityDefaults.HeaderName,
                    issuer.Issue(new InternalIdentity(resolution.UserId, resolution.Login, resolution.SessionHash), audience));
            }

            return ValueTask.CompletedTask;
        });
    }
}
