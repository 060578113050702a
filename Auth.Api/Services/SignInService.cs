using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Rest;
using Auth.Api.Infrastructure;
using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

/// <summary>
/// GitHub's OAuth web flow on the server: state (random, single use, bound to the browser by a cookie, 10 minutes) and
/// PKCE S256; the code is exchanged here with the client secret and never reaches the browser's scripts.
/// </summary>
public sealed partial class SignInService(
    AuthDbContext db,
    GitHubOAuthClient oauth,
    GitHubRestClient github,
    SessionStore sessions,
    TokenProtector protector,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    private readonly AuthOptions _options = options.Value;

    public async Task<SignInStart> StartAsync(string callbackUrl, string? returnUrl, string? loginHint, CancellationToken cancellationToken)
    {
        var state = OAuthState.Create();
        var stateHash = HashState(state);
        var verifier = Pkce.CreateVerifier();
        var now = time.GetUtcNow();

        // Abandoned sign-ins are removed as new ones start; the background clean-up catches the rest.
        await db.SignInAttempts.Where(a => a.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.SignInAttempts.Add(new SignInAttempt
        {
            StateHash = stateHash,
            KeyId = protector.ActiveKeyId,
            CodeVerifierCiphertext = protector.Protect(verifier, TokenProtector.CodeVerifierPurpose(stateHash)),
            RedirectUri = callbackUrl,
            ReturnUrl = ReturnUrls.LocalOrDefault(returnUrl),
            CreatedAt = now,
            ExpiresAt = now + _options.SignInLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        var authorizeUrl = oauth.BuildAuthorizeUrl(new GitHubAuthorizeRequest
        {
            RedirectUri = callbackUrl,
            State = state,
            CodeChallenge = Pkce.ComputeChallenge(verifier),
            Login = IsGitHubLogin(loginHint) ? loginHint : null,
        });
        return new SignInStart(authorizeUrl, state);
    }

    public async Task<SignInCompletion> CompleteAsync(string? code, string? state, string? browserState, string? error, string? errorDescription,
        CancellationToken cancellationToken)
    {
        if (!OAuthState.Matches(browserState, state))
        {
            return Failed(SignInFailureKind.StateMismatch, "Sign-in could not be verified",
                "This sign-in did not start in this browser, or its cookie is gone. Start again from the sign-in button.");
        }

        // Whatever happens next, the state is spent: a callback works once.
        var attempt = await TakeAttemptAsync(HashState(state!), cancellationToken);
        if (attempt is null)
        {
            return Failed(SignInFailureKind.StateUnknown, "Sign-in link already used",
                "This sign-in was completed or cancelled already. Start again from the sign-in button.");
        }

        var returnUrl = ReturnUrls.LocalOrDefault(attempt.ReturnUrl);
        if (time.GetUtcNow() >= attempt.ExpiresAt)
        {
            return Failed(SignInFailureKind.StateExpired, "Sign-in took too long",
                "A sign-in has to come back from GitHub within 10 minutes. Start again from the sign-in button.", returnUrl);
        }

        if (!string.IsNullOrEmpty(error))
        {
            var refused = GitHubOAuthException.FromErrorCode(error, errorDescription);
            LogGitHubError(logger, refused.Error);
            return Failed(SignInFailureKind.GitHubError,
                refused.Error == GitHubOAuthError.AccessDenied ? "Sign-in cancelled" : "GitHub did not sign you in",
                refused.Error == GitHubOAuthError.AccessDenied
                    ? "You declined to authorize ActionsDashboard on GitHub, so you are not signed in. Start again to sign in."
                    : refused.Message,
                returnUrl);
        }

        if (string.IsNullOrEmpty(code))
        {
            return Failed(SignInFailureKind.CodeRejected, "Sign-in could not be completed", "GitHub's answer carried no code. Start again.", returnUrl);
        }

        GitHubOAuthToken token;
        try
        {
            var verifier = protector.Unprotect(attempt.CodeVerifierCiphertext, attempt.KeyId, TokenProtector.CodeVerifierPurpose(attempt.StateHash));
            token = await oauth.ExchangeCodeAsync(code, attempt.RedirectUri, verifier, cancellationToken);
        }
        catch (GitHubOAuthException exception)
        {
            LogExchangeRefused(logger, exception.Error);
            return exception.RequiresSignIn
                ? Failed(SignInFailureKind.CodeRejected, "Sign-in could not be completed", exception.Message, returnUrl)
                : Failed(SignInFailureKind.GitHubUnavailable, "GitHub sign-in is not available", exception.Message, returnUrl);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or CryptographicException)
        {
            LogExchangeFailed(logger, exception);
            return Failed(SignInFailureKind.GitHubUnavailable, "GitHub sign-in is not available",
                "GitHub could not be reached to complete the sign-in. Try again in a moment.", returnUrl);
        }

        User user;
        try
        {
            var response = await github.WithToken(token.AccessToken).GetAuthenticatedUserAsync(cancellationToken: cancellationToken);
            user = await UpsertUserAsync(response.Value!, cancellationToken);
        }
        catch (Exception exception) when (exception is GitHubApiException or HttpRequestException or TaskCanceledException)
        {
            LogUserLookupFailed(logger, exception.GetType().Name);
            return Failed(SignInFailureKind.GitHubUnavailable, "GitHub sign-in is not available",
                "GitHub did not tell us who you are. Try again in a moment.", returnUrl);
        }

        var (sessionId, snapshot) = await sessions.CreateAsync(user, token, cancellationToken);
        return new SignInCompletion(sessionId, snapshot, returnUrl, null);
    }

    /// <summary>Reads and deletes the attempt in one step; of two concurrent callbacks with the same state, only one gets it.</summary>
    private async Task<SignInAttempt?> TakeAttemptAsync(string stateHash, CancellationToken cancellationToken)
    {
        var taken = await db.SignInAttempts
            .FromSql($"DELETE FROM sign_in_attempts WHERE state_hash = {stateHash} RETURNING *")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return taken.SingleOrDefault();
    }

    private async Task<User> UpsertUserAsync(ActionsDashboard.GitHub.Models.AuthenticatedUser profile, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One statement, so two first sign-ins of the same person at once cannot collide.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO users (id, login, name, avatar_url, created_at, updated_at)
            VALUES ({profile.Id}, {profile.Login}, {profile.Name}, {profile.AvatarUrl}, {now}, {now})
            ON CONFLICT (id) DO UPDATE SET login = excluded.login, name = excluded.name, avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
            """, cancellationToken);
        return new User { Id = profile.Id, Login = profile.Login, Name = profile.Name, AvatarUrl = profile.AvatarUrl, UpdatedAt = now };
    }

    private static SignInCompletion Failed(SignInFailureKind kind, string title, string detail, string returnUrl = ReturnUrls.Default) =>
        new(null, null, returnUrl, new SignInFailure(kind, title, detail));

    private static string HashState(string state) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    // GitHub logins: letters, digits and single hyphens, at most 39 characters.
    private static bool IsGitHubLogin(string? login) =>
        login is { Length: > 0 and <= 39 } && login.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub returned an error to the sign-in callback: {Error}.")]
    private static partial void LogGitHubError(ILogger logger, GitHubOAuthError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub refused the sign-in code exchange: {Error}.")]
    private static partial void LogExchangeRefused(ILogger logger, GitHubOAuthError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sign-in code exchange failed.")]
    private static partial void LogExchangeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the signed-in GitHub user failed ({ErrorType}).")]
    private static partial void LogUserLookupFailed(ILogger logger, string errorType);
}
