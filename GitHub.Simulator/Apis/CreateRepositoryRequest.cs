namespace GitHub.Simulator.Apis;

/// <param name="Owner">A user or organisation login.</param>
/// <param name="Name">The repository's name, as GitHub allows it (1-100 of <c>[A-Za-z0-9._-]</c>).</param>
/// <param name="Private">Private unless <c>false</c>.</param>
/// <param name="Permissions">User login to <c>pull</c>, <c>triage</c>, <c>push</c>, <c>maintain</c> or <c>admin</c>.</param>
public sealed record CreateRepositoryRequest(string? Owner, string? Name, bool? Private, Dictionary<string, string>? Permissions);
