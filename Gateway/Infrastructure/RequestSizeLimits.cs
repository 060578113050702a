using System.Globalization;
using Gateway.Model;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Gateway.Infrastructure;

/// <summary>
/// Caps request bodies per route: <c>Gateway:MaxRequestBodySize</c> by default, a route's <c>MaxRequestBodySize</c>
/// metadata where it needs more (GitHub's webhook payloads go up to 25 MB). A declared length over the cap is refused at
/// once; a chunked body is cut off by the server when it passes the cap.
/// </summary>
public sealed class RequestSizeLimits(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = GatewayRoute.For(context);
        if (route is null)
        {
            return next(context);
        }

        var limit = route.MaxRequestBodySize ?? options.CurrentValue.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            return GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"This address accepts request bodies of at most {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
