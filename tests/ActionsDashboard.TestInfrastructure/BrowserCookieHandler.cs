using System.Net;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// Cookies as a browser keeps them, for .NET clients of the app. Browsers treat <c>http://localhost</c> as a secure
/// context: Chromium and Firefox store and send <c>Secure</c> (and <c>__Host-</c>) cookies there, which the app sets
/// outside Development; .NET's <see cref="CookieContainer"/> keeps those to https. So a request to a loopback address
/// over http is matched against the jar as its https twin. With <c>followRedirects</c>, redirects are followed here,
/// so that every hop's cookies pass through the jar (as in a sign-in that crosses the app and GitHub).
/// </summary>
public sealed class BrowserCookieHandler(CookieContainer cookies, bool followRedirects)
    : DelegatingHandler(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false })
{
    private const int MaxRedirects = 10;

    public CookieContainer Cookies { get; } = cookies;

    /// <summary>The cookie header the jar sends to <paramref name="uri"/> (for clients that take headers, such as
    /// SignalR's WebSocket transport).</summary>
    public string CookieHeader(Uri uri) => Cookies.GetCookieHeader(AsBrowserSees(uri));

    /// <summary><paramref name="uri"/> as the jar files it: a loopback http or ws address counts as https or wss.</summary>
    public static Uri AsBrowserSees(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var secure = uri.Scheme switch
        {
            "http" => "https",
            "ws" => "wss",
            _ => null,
        };
        return uri.IsLoopback && secure is not null ? new UriBuilder(uri) { Scheme = secure, Port = uri.Port }.Uri : uri;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendOneAsync(request, cancellationToken);
        for (var hops = 0; followRedirects && hops < MaxRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var method = response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect ? request.Method : HttpMethod.Get;
            if (method != HttpMethod.Get && method != HttpMethod.Head)
            {
                return response; // a body sent once cannot be sent again: the caller sees the redirect
            }

            var next = new HttpRequestMessage(method, new Uri(request.RequestUri!, location)) { Version = request.Version };
            foreach (var header in request.Headers.Where(h => h.Key is not ("Cookie" or "Authorization")))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Dispose();
            request = next;
            response = await SendOneAsync(request, cancellationToken);
        }

        return response;
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400 and not 304;

    private async Task<HttpResponseMessage> SendOneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = AsBrowserSees(request.RequestUri!);
        request.Headers.Remove("Cookie");
        if (Cookies.GetCookieHeader(uri) is { Length: > 0 } header)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                try
                {
                    Cookies.SetCookies(uri, value);
                }
                catch (CookieException)
                {
                    // A browser drops a cookie it cannot parse, and goes on.
                }
            }
        }

        return response;
    }
}
