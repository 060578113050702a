namespace GitHub.Simulator.Services;

/// <param name="Duplicate">A second send of the same delivery by the duplicate fault.</param>
/// <param name="Redelivery">A redelivery asked for through the control API.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, double DurationMs, string? Error, bool Redelivery, bool Duplicate)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
