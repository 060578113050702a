namespace GitHub.Simulator.Model;

/// <summary>A repository's self-hosted runner in the world definition.</summary>
public sealed class RunnerDefinition
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>linux</c>, <c>macos</c> or <c>windows</c>: gives the read-only OS label (<c>Linux</c>, <c>macOS</c>, <c>Windows</c>).</summary>
    public string Os { get; set; } = "linux";

    /// <summary>False: the runner is registered but not connected (<c>status: offline</c>).</summary>
    public bool Online { get; set; } = true;

    /// <summary>Custom labels beside the read-only ones (<c>self-hosted</c>, the OS, <c>X64</c>).</summary>
    public List<string> Labels { get; set; } = [];
}
