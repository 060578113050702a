using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Apis;

/// <summary>
/// GitHub's OAuth web flow for a GitHub App, with state and PKCE (S256). The sign-in needs no form: the user named by
/// <c>login</c> (or the default demo user) is signed in at once.
/// </summary>
/// <remarks>https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app</remarks>
public static class OAuthApi
{
    private const string TroubleshootingTokenErrors = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";
    private const string TroubleshootingAuthorizeErrors = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors";

    public static IEndpointRouteBuilder MapOAuthApi(this IEndpointRouteBuilder app)
    {
        var oauth = app.MapGroup("/login/oauth").WithTags("GitHub OAuth");
        oauth.MapGet("/authorize", Authorize);
        oauth.MapPost("/access_token", ExchangeAsync).DisableAntiforgery();
        return app;
    }

    public static IResult Authorize(HttpContext http, World world, TokenStore tokens, RequestLog log, IOptionsMonitor<SimulatorOptions> options)
    {
        var query = http.Request.Query;
        var settings = options.CurrentValue;
        var clientId = query["client_id"].ToString();
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var challenge = query["code_challenge"].ToString();
        var method = query["code_challenge_method"].ToString();
        var login = query["login"].ToString();
        IResult Refuse(string title, string detail)
        {
            log.Record("GET", "/login/oauth/authorize", "/login/oauth/authorize", null, StatusCodes.Status400BadRequest);
            return ErrorPage(title, detail);
        }

        if (!string.Equals(clientId, settings.ClientId, StringComparison.Ordinal))
        {
            return Refuse("Unknown client_id", $"No application has the client_id '{clientId}'. The simulator accepts '{settings.ClientId}' (Simulator:ClientId).");
        }
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps))
        {
            return Refuse("redirect_uri is required",
                "The simulator has no registered callback URL, so the authorize request must carry an absolute http(s) redirect_uri.");
        }
        if (challenge.Length > 0 && method.Length > 0 && method != "S256")
        {
            return Refuse("Unsupported code_challenge_method", "GitHub supports only code_challenge_method=S256.");
        }
        Account? user;
        lock (world.Sync)
        {
            user = login.Length == 0 ? world.DefaultUser : world.FindAccount(login);
        }
        if (user is null || user.IsOrganization)
        {
            return Refuse("Unknown user", $"There is no user '{login}' in the simulated world; see GET /_simulator/world.");
        }

        var code = tokens.IssueCode(user.Login, clientId, redirectUri, challenge.Length == 0 ? null : challenge);
        var target = new StringBuilder(redirectUri)
            .Append(redirect.Query.Length > 1 ? '&' : '?')
            .Append("code=").Append(Uri.EscapeDataString(code));
        if (state.Length > 0)
        {
            target.Append("&state=").Append(Uri.EscapeDataString(state));
        }
        log.Record("GET", "/login/oauth/authorize", "/login/oauth/authorize", null, StatusCodes.Status302Found);
        return Results.Redirect(target.ToString());
    }

    /// <summary>
    /// <c>POST /login/oauth/access_token</c>: code exchange or <c>grant_type=refresh_token</c>. Errors come with HTTP 200
    /// and an <c>error</c> field, as on GitHub; the body is JSON with <c>Accept: application/json</c>, otherwise form-encoded.
    /// </summary>
    public static async Task<IResult> ExchangeAsync(HttpContext http, TokenStore tokens, RequestLog log, IOptionsMonitor<SimulatorOptions> options)
    {
        var settings = options.CurrentValue;
        var parameters = await ReadParametersAsync(http.Request);
        string Get(string name) => parameters.TryGetValue(name, out var value) ? value : "";

        IResult Answer(IReadOnlyList<KeyValuePair<string, object>> fields, string? tokenId = null)
        {
            log.Record("POST", "/login/oauth/access_token", "/login/oauth/access_token", tokenId, StatusCodes.Status200OK);
            http.Response.Headers.CacheControl = "no-store";
            return WantsJson(http.Request) ? Results.Json(fields.ToDictionary(f => f.Key, f => f.Value)) : Results.Text(FormEncode(fields), "application/x-www-form-urlencoded; charset=utf-8");
        }

        IResult Error(string error, string description, string uri) => Answer(
        [
            new("error", error),
            new("error_description", description),
            new("error_uri", uri),
        ]);

        IResult Tokens(UserTokenPair pair) => Answer(
        [
            new("access_token", pair.AccessToken),
            new("expires_in", pair.ExpiresIn),
            new("refresh_token", pair.RefreshToken),
            new("refresh_token_expires_in", pair.RefreshTokenExpiresIn),
            new("token_type", "bearer"),
            new("scope", ""),
        ], TokenStore.TokenId(pair.AccessToken));

        if (!FixedTimeEquals(Get("client_id"), settings.ClientId) || !FixedTimeEquals(Get("client_secret"), settings.ClientSecret))
        {
            return Error("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.",
                TroubleshootingTokenErrors + "#incorrect-client-credentials");
        }

        if (Get("grant_type") == "refresh_token")
        {
            return tokens.Refresh(Get("refresh_token")) is { } refreshed
                ? Tokens(refreshed.Tokens)
                : Error("bad_refresh_token", "The refresh token passed is incorrect or expired.", TroubleshootingTokenErrors + "#bad-refresh-token");
        }
        if (Get("grant_type") is { Length: > 0 } grantType && grantType != "authorization_code")
        {
            return Error("unsupported_grant_type", $"The grant type '{grantType}' is not supported.", TroubleshootingTokenErrors);
        }

        // The code is spent by this request whatever happens next: a code works once.
        if (tokens.TakeCode(Get("code")) is not { } code || code.ClientId != settings.ClientId)
        {
            return Error("bad_verification_code", "The code passed is incorrect or expired.", TroubleshootingTokenErrors + "#bad-verification-code");
        }
        if (Get("redirect_uri") is { Length: > 0 } redirectUri && redirectUri != code.RedirectUri)
        {
            return Error("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.",
                TroubleshootingAuthorizeErrors + "#redirect-uri-mismatch");
        }
        if (code.CodeChallenge is { } challenge && !VerifierMatches(Get("code_verifier"), challenge))
        {
            return Error("bad_verification_code", "The code passed is incorrect or expired.", TroubleshootingTokenErrors + "#bad-verification-code");
        }
        return Tokens(tokens.IssueUserTokens(code.Login));
    }

    /// <summary>PKCE S256: base64url(SHA-256(ASCII(code_verifier))) must equal the challenge of the authorize request.</summary>
    private static bool VerifierMatches(string verifier, string challenge)
    {
        if (verifier.Length is < 43 or > 128)
        {
            return false;
        }
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return FixedTimeEquals(computed, challenge);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(accept => accept?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Form body, JSON body and query string, in that order of precedence (GitHub accepts all three).</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (name, value) in form)
            {
                parameters[name] = value.ToString();
            }
        }
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        parameters[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
                    }
                }
            }
            catch (JsonException)
            {
                // An unreadable body is a request without parameters: the checks below answer it.
            }
        }
        foreach (var (name, value) in request.Query)
        {
            parameters.TryAdd(name, value.ToString());
        }
        return parameters;
    }

    private static string FormEncode(IEnumerable<KeyValuePair<string, object>> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")}"));

    private static IResult ErrorPage(string title, string detail) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · GitHub simulator</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
        <h1>{WebUtility.HtmlEncode(title)}</h1>
        <p>{WebUtility.HtmlEncode(detail)}</p>
        <p>This is the GitHub simulator's sign-in page; see <a href="/">its home page</a>.</p>
        </body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
}
