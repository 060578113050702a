namespace ActionsDashboard.Contracts;

/// <summary>A step of a job (<c>Step</c> in <c>api/types.ts</c>); <paramref name="Status"/> is never empty.</summary>
public sealed record Step(int Number, string Name, string Status, string? Conclusion, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt);
