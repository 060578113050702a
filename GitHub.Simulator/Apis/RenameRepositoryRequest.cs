namespace GitHub.Simulator.Apis;

/// <param name="Name">The new name (same rules as a new repository's).</param>
public sealed record RenameRepositoryRequest(string? Name);
