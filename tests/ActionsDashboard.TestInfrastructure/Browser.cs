using System.Net;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>A browser's cookie jar and redirect following, over real HTTP, so one sign-in can cross the app and GitHub.
/// Like a browser, it keeps Secure cookies on loopback over http (<see cref="BrowserCookieHandler"/>).</summary>
public sealed class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser()
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new BrowserCookieHandler(Cookies, followRedirects: false))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>Follows redirects from <paramref name="response"/> (at most 10) and returns the last response.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && IsRedirect(response.StatusCode); hops++)
        {
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            // Redirects back into the app to a local path are the end of the journey for these tests.
            response.Dispose();
            response = await _http.GetAsync(next);
        }

        return response;
    }

    public async Task<HttpResponseMessage> GetFollowingAsync(Uri url) => await FollowAsync(await _http.GetAsync(url));

    /// <summary>The cookie named <paramref name="name"/> the jar would send to <paramref name="site"/>, or null.</summary>
    public string? CookieValue(Uri site, string name) => Cookies.GetCookies(BrowserCookieHandler.AsBrowserSees(site))[name]?.Value;

    public static bool IsRedirect(HttpStatusCode status) => BrowserCookieHandler.IsRedirect(status);

    public void Dispose() => _http.Dispose();
}
