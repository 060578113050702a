namespace GitHub.Simulator.Apis;

/// <param name="Token">The token itself (this is a test tool) …</param>
/// <param name="TokenId">… or its short form from <c>GET /_simulator/requests</c>.</param>
/// <param name="Remaining">Sets the token's remaining budget.</param>
/// <param name="Secondary">Turns the secondary limit on or off: for the token, or for everyone when no token is named.</param>
public sealed record RateLimitRequest(string? Token, string? TokenId, int? Remaining, bool? Secondary);
