using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.OAuth;

/// <summary>GitHub's OAuth web flow: the authorize URL, the server-side code exchange and token refresh.</summary>
/// <remarks>https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app</remarks>
public sealed class GitHubOAuthClient
{
    private readonly HttpClient _http;
    private readonly GitHubOptions _options;
    private readonly TimeProvider _time;

    public GitHubOAuthClient(HttpClient httpClient, IOptions<GitHubOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary><c>{WebBaseUrl}/login/oauth/authorize?client_id=…&amp;redirect_uri=…&amp;state=…&amp;code_challenge=…&amp;code_challenge_method=S256</c>.</summary>
    public Uri BuildAuthorizeUrl(GitHubAuthorizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RedirectUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.State);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CodeChallenge);
        var clientId = RequireClientId();

        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
        Add("client_id", clientId);
        Add("redirect_uri", request.RedirectUri);
        Add("state", request.State);
        Add("code_challenge", request.CodeChallenge);
        Add("code_challenge_method", Pkce.Method);
        Add("login", request.Login);
        Add("scope", request.Scope);
        if (request.AllowSignup is { } allowSignup)
        {
            Add("allow_signup", allowSignup ? "true" : "false");
        }
        return GitHubOptions.Combine(_options.WebBaseUrl, "login/oauth/authorize" + query);
    }

    /// <summary>Exchanges the callback's <c>code</c> for a user token (server-side only: it needs the client secret).</summary>
    public Task<GitHubOAuthToken> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(codeVerifier);
        return RequestTokenAsync(
        [
            new("client_id", RequireClientId()),
            new("client_secret", RequireClientSecret()),
            new("code", code),
            new("redirect_uri", redirectUri),
            new("code_verifier", codeVerifier),
        ], cancellationToken);
    }

    /// <summary>Trades a refresh token for a new access token and a new refresh token (the old one stops working).</summary>
    public Task<GitHubOAuthToken> RefreshTokenAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        return RequestTokenAsync(
        [
            new("client_id", RequireClientId()),
            new("client_secret", RequireClientSecret()),
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
        ], cancellationToken);
    }

    private async Task<GitHubOAuthToken> RequestTokenAsync(KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        // Secrets travel in the form body, never in the URL (URLs end up in logs).
        using var request = new HttpRequestMessage(HttpMethod.Post, GitHubOptions.Combine(_options.WebBaseUrl, "login/oauth/access_token"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        // Without this GitHub answers application/x-www-form-urlencoded.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var receivedAt = _time.GetUtcNow();

        OAuthTokenResponse? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(InternalJsonContext.Default.OAuthTokenResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // Fall through to the HTTP status below.
        }
        catch (JsonException exception)
        {
            throw new GitHubOAuthException(GitHubOAuthError.Unknown, null,
                "GitHub's token endpoint answered with a body that is not JSON; check GitHub:WebBaseUrl.", exception)
            { HttpStatus = (int)response.StatusCode };
        }

        // GitHub reports OAuth errors with HTTP 200 and an "error" field.
        if (!string.IsNullOrEmpty(body?.Error))
        {
            throw GitHubOAuthException.FromErrorCode(body.Error, body.ErrorDescription, body.ErrorUri, (int)response.StatusCode);
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new GitHubOAuthException(GitHubOAuthError.HttpError, null,
                $"GitHub's token endpoint answered HTTP {(int)response.StatusCode}; check GitHub:WebBaseUrl and try again.")
            { HttpStatus = (int)response.StatusCode };
        }
        if (string.IsNullOrEmpty(body?.AccessToken))
        {
            throw new GitHubOAuthException(GitHubOAuthError.Unknown, null, "GitHub's token endpoint answered without an access token.")
            { HttpStatus = (int)response.StatusCode };
        }

        TimeSpan? expiresIn = body.ExpiresIn is long seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null;
        TimeSpan? refreshExpiresIn = body.RefreshTokenExpiresIn is long refreshSeconds and > 0 ? TimeSpan.FromSeconds(refreshSeconds) : null;
        return new GitHubOAuthToken
        {
            AccessToken = body.AccessToken,
            TokenType = string.IsNullOrEmpty(body.TokenType) ? "bearer" : body.TokenType,
            Scope = body.Scope ?? "",
            ExpiresIn = expiresIn,
            ExpiresAt = receivedAt + expiresIn,
            RefreshToken = string.IsNullOrEmpty(body.RefreshToken) ? null : body.RefreshToken,
            RefreshTokenExpiresIn = refreshExpiresIn,
            RefreshTokenExpiresAt = receivedAt + refreshExpiresIn,
        };
    }

    private string RequireClientId() =>
        string.IsNullOrWhiteSpace(_options.ClientId)
            ? throw new InvalidOperationException("GitHub sign-in needs GitHub:ClientId (the GitHub App's client ID); it is not configured.")
            : _options.ClientId;

    private string RequireClientSecret() =>
        string.IsNullOrWhiteSpace(_options.ClientSecret)
            ? throw new InvalidOperationException("GitHub sign-in needs GitHub:ClientSecret; it is not configured.")
            : _options.ClientSecret;
}
