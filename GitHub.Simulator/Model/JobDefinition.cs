namespace GitHub.Simulator.Model;

public sealed class JobDefinition
{
    public string Name { get; set; } = "";

    public List<string> Steps { get; set; } = [];
}
