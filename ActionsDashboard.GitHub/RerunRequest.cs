namespace ActionsDashboard.GitHub;

internal sealed class RerunRequest
{
    public bool EnableDebugLogging { get; init; }
}
