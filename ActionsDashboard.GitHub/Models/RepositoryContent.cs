namespace ActionsDashboard.GitHub.Models;

/// <summary>A file from <c>GET /repos/{owner}/{repo}/contents/{path}</c>: its content base64-encoded (in lines) when small enough.</summary>
public sealed record RepositoryContent
{
    /// <summary><c>file</c>, <c>dir</c>, <c>symlink</c> or <c>submodule</c>.</summary>
    public string Type { get; init; } = "";
    public string? Encoding { get; init; }
    public long Size { get; init; }
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public string? Content { get; init; }
    public string? Sha { get; init; }
    public string? HtmlUrl { get; init; }
}
