namespace ActionsDashboard.GitHub.Rest;

/// <summary>Supplies the bearer token for a request (a user token, an installation token, ...).</summary>
public delegate ValueTask<string?> GitHubTokenProvider(CancellationToken cancellationToken);

/// <summary>Per-call settings: the token to use (overrides the client's token provider) and a conditional ETag.</summary>
public sealed class GitHubRequestOptions
{
    /// <summary>Sent as <c>Authorization: Bearer</c>; never logged, never put in a URL.</summary>
    public string? Token { get; init; }

    /// <summary>An ETag from an earlier response: GitHub answers 304 when nothing changed.</summary>
    public string? IfNoneMatch { get; init; }

    public static GitHubRequestOptions ForToken(string token) => new() { Token = token };

    // Keeps the token out of logs and debugger displays.
    public override string ToString() =>
        $"GitHubRequestOptions {{ Token = {(Token is null ? "(none)" : "(set)")}, IfNoneMatch = {IfNoneMatch} }}";
}
