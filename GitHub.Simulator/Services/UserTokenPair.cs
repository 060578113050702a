namespace GitHub.Simulator.Services;

/// <summary>A user token pair as the token endpoint returns it.</summary>
public sealed record UserTokenPair(string AccessToken, string RefreshToken, long ExpiresIn, long RefreshTokenExpiresIn)
{
    // Tokens never reach a log line through ToString.
    public override string ToString() => $"UserTokenPair {{ ExpiresIn = {ExpiresIn} }}";
}
