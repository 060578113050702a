namespace Alerts.Api.Services;

/// <summary>One attempt's result. <paramref name="Permanent"/>: trying again cannot help (a 4xx, a refused destination).</summary>
public sealed record SendOutcome(bool Sent, int? StatusCode, string? Error, bool Permanent)
{
    public static SendOutcome Success(int? statusCode) => new(true, statusCode, null, false);

    public static SendOutcome Failure(string error, int? statusCode = null, bool permanent = false) => new(false, statusCode, error, permanent);
}
