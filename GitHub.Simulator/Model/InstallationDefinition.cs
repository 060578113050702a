namespace GitHub.Simulator.Model;

public sealed class InstallationDefinition
{
    public long Id { get; set; }

    /// <summary>The user or organisation login the app is installed on (all its repositories).</summary>
    public string Account { get; set; } = "";
}
