namespace ActionsDashboard.Contracts;

/// <summary>The user who started a run.</summary>
public sealed record Actor(string Login, string? AvatarUrl);
