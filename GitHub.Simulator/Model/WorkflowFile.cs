using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitHub.Simulator.Model;

/// <summary>
/// The simulator's own reading of a workflow file: whether <c>on:</c> has <c>workflow_dispatch</c> (as a string, a list or
/// a map) and its declared inputs, which is what GitHub checks a dispatch against. YAML's representation model keeps
/// <c>on</c> a plain key (no YAML 1.1 boolean).
/// </summary>
public sealed record WorkflowFile(bool Dispatchable, IReadOnlyList<WorkflowFile.Input> Inputs, string? Problem)
{
    public sealed record Input(string Name, bool Required, string? Default, string Type, IReadOnlyList<string> Options);

    /// <summary>A workflow file for <paramref name="jobs"/>, run on pushes and pull requests.</summary>
    public static string Generate(string name, IReadOnlyList<(string Name, IReadOnlyList<string> RunsOn)> jobs)
    {
        var text = new StringBuilder();
        text.Append("name: ").AppendLine(name);
        text.AppendLine("on:");
        text.AppendLine("  push:");
        text.AppendLine("  pull_request:");
        text.AppendLine("jobs:");
        foreach (var (job, runsOn) in jobs)
        {
            text.Append("  ").Append(job).AppendLine(":");
            text.Append("    runs-on: ").AppendLine(runsOn.Count == 1 ? runsOn[0] : $"[{string.Join(", ", runsOn)}]");
            text.AppendLine("    steps:");
            text.AppendLine("      - uses: actions/checkout@v4");
        }
        return text.ToString();
    }

    public static WorkflowFile Read(string content)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws InvalidOperationException for some malformed input (an unclosed flow sequence).
            return new WorkflowFile(false, [], exception.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new WorkflowFile(false, [], "The file is not a YAML mapping.");
        }
        var on = root.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "on" or "true" }).Value;
        YamlNode? dispatch = null;
        var dispatchable = false;
        switch (on)
        {
            case YamlScalarNode { Value: "workflow_dispatch" }:
                dispatchable = true;
                break;
            case YamlSequenceNode events:
                dispatchable = events.Children.OfType<YamlScalarNode>().Any(e => e.Value == "workflow_dispatch");
                break;
            case YamlMappingNode events:
                if (events.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "workflow_dispatch" }) is { Key: not null } entry)
                {
                    dispatchable = true;
                    dispatch = entry.Value;
                }
                break;
        }
        var inputs = new List<Input>();
        if (dispatch is YamlMappingNode body
            && body.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "inputs" }).Value is YamlMappingNode declared)
        {
            foreach (var (key, value) in declared.Children)
            {
                var fields = value as YamlMappingNode;
                string? Field(string name) => fields?.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode s && s.Value == name).Value is YamlScalarNode v ? v.Value : null;
                var options = fields?.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "options" }).Value is YamlSequenceNode list
                    ? list.Children.OfType<YamlScalarNode>().Select(o => o.Value ?? "").ToArray()
                    : [];
                inputs.Add(new Input(((YamlScalarNode)key).Value ?? "", Field("required") == "true", Field("default"), Field("type") ?? "string", options));
            }
        }
        return new WorkflowFile(dispatchable, inputs, null);
    }
}
