namespace GitHub.Simulator.Services;

public readonly record struct RateLimitSnapshot(int Limit, int Remaining, int Used, DateTimeOffset Reset);
