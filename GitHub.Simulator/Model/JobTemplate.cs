namespace GitHub.Simulator.Model;

/// <summary>A job of a workflow file: its name and its steps between "Set up job" and "Complete job".</summary>
public sealed record JobTemplate(string Name, IReadOnlyList<string> Steps);
