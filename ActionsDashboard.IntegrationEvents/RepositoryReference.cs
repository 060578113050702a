namespace ActionsDashboard.IntegrationEvents;

/// <summary>The repository an event is about.</summary>
/// <param name="FullName"><c>owner/name</c>, e.g. <c>octo-org/octo-repo</c>.</param>
public sealed record RepositoryReference(long Id, string FullName, string Owner, string Name);
