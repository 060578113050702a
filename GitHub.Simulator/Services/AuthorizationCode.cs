namespace GitHub.Simulator.Services;

/// <summary>A code from <c>/login/oauth/authorize</c>, waiting to be exchanged once.</summary>
public sealed record AuthorizationCode(string Login, string ClientId, string RedirectUri, string? CodeChallenge, DateTimeOffset ExpiresAt);
