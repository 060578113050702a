namespace GitHub.Simulator.Services;

/// <param name="Route">The endpoint's route template, e.g. <c>GET /repos/{owner}/{repo}/actions/runs</c>.</param>
/// <param name="TokenId">The hashed short form of the token (<see cref="TokenStore.TokenId"/>); never the token.</param>
public sealed record RequestLogEntry(DateTimeOffset At, string Route, string Path, string? TokenId, int StatusCode);
