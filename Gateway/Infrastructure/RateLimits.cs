using System.Globalization;
using System.Threading.RateLimiting;
using Gateway.Model;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Infrastructure;

/// <summary>
/// The gateway's limits, with ASP.NET Core's rate limiter: per client address before anything else is spent on a
/// request, and per signed-in user after the session check (fixed windows). Over a limit: 429 with <c>Retry-After</c>. Webhooks are
/// exempt from the rate (GitHub sends bursts from a few addresses and never redelivers on its own; their signature is
/// the guard) but not from a cap on requests in flight per address (<c>ConcurrentRequestsPerIp</c>), which keeps one
/// address's slow uploads from holding Webhooks.Api. Starting a sign-in has a tighter limit of its own. The gateway's own
/// health endpoints are limited too (it is the public origin; an orchestrator's probes stay far below the limit).
/// </summary>
internal static class RateLimits
{
    public static RateLimiterOptions PerIp(RateLimitSettings limits) => Options(PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return GatewayRoute.For(context) switch
        {
            // Starting a sign-in stores a row in Auth.Api: a tighter window of its own.
            { SignInLimited: true } => RateLimitPartition.GetFixedWindowLimiter($"sign-in {address}", _ => WindowOf(limits.SignInPerIp)),
            // Webhooks: no request-rate limit, but one address may only have so many bodies in flight (slow uploads).
            { ConcurrentRequestsPerIp: { } permits } route => RateLimitPartition.GetConcurrencyLimiter($"{route.RouteId} {address}",
                _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 }),
            { RateLimited: false } => RateLimitPartition.GetNoLimiter("exempt"),
            _ => RateLimitPartition.GetFixedWindowLimiter(address, _ => WindowOf(limits.PerIp)),
        };
    }));

    public static RateLimiterOptions PerUser(FixedWindowLimit limit) => Options(PartitionedRateLimiter.Create<HttpContext, string>(context =>
        context.Features.Get<GatewaySession>() is { } session && GatewayRoute.For(context) is { RateLimited: true }
            ? RateLimitPartition.GetFixedWindowLimiter(session.Resolution.UserId.ToString(CultureInfo.InvariantCulture), _ => WindowOf(limit))
            : RateLimitPartition.GetNoLimiter("anonymous")));

    private static FixedWindowRateLimiterOptions WindowOf(FixedWindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static RateLimiterOptions Options(PartitionedRateLimiter<HttpContext> limiter) => new()
    {
        GlobalLimiter = limiter,
        RejectionStatusCode = StatusCodes.Status429TooManyRequests,
        OnRejected = async (rejected, _) =>
        {
            var concurrent = GatewayRoute.For(rejected.HttpContext) is { ConcurrentRequestsPerIp: not null };
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : concurrent ? 1 : 60;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                concurrent
                    ? $"This address already has as many requests in flight here as it may; try again in {seconds} s."
                    : $"Slow down: try again in {seconds} s.");
        },
    };
}
