namespace ActionsDashboard.Identity;

/// <summary>Who a request through the gateway is for: the GitHub user and the session it came with.</summary>
/// <param name="UserId">The GitHub user id (stable across renames).</param>
/// <param name="Login">The GitHub login at sign-in.</param>
/// <param name="SessionHash">The session id's hash (<see cref="Sessions.SessionSecrets.Hash"/>), never the id itself.</param>
public sealed record InternalIdentity(long UserId, string Login, string SessionHash);
