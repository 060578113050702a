using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Infrastructure;

/// <summary>
/// Every request through the gateway carries an <c>X-Request-ID</c>: the caller's if it is a sane value,
/// otherwise the gateway's own trace identifier; it goes to the service and back in the response, so a
/// person can quote it and an operator can find the request in every service's logs.
/// </summary>
public sealed class RequestIds(RequestDelegate next)
{
    public const string HeaderName = "X-Request-ID";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : context.TraceIdentifier;
        context.Request.Headers[HeaderName] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }

    public static void AddTransform(TransformBuilderContext context) =>
        context.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(HeaderName);
            transform.ProxyRequest.Headers.TryAddWithoutValidation(HeaderName, transform.HttpContext.Request.Headers[HeaderName].ToString());
            return ValueTask.CompletedTask;
        });

    // Only short, printable, header- and log-safe ids are passed on; anything else is replaced.
    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
