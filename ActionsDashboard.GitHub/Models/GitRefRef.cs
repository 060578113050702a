namespace ActionsDashboard.GitHub.Models;

public sealed record GitRefRef
{
    public string Ref { get; init; } = "";
    public string Sha { get; init; } = "";
}
