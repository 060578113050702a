using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitHubProxy.Api.Services;

/// <summary>One input a <c>workflow_dispatch</c> trigger declares, as the form shows it.</summary>
/// <param name="Type"><c>string</c>, <c>choice</c>, <c>boolean</c>, <c>number</c> or <c>environment</c>.</param>
public sealed record DispatchInput(string Name, string? Description, bool Required, string? Default, string Type, IReadOnlyList<string> Options);

/// <summary>What a workflow file says about being run by hand.</summary>
public sealed record DispatchDeclaration(bool Dispatchable, IReadOnlyList<DispatchInput> Inputs);

/// <summary>
/// Reads a workflow file's <c>on:</c> with YamlDotNet's representation model, which keeps every scalar a string: so
/// <c>on</c> stays the key <c>on</c> (a YAML 1.1 reader would make it the boolean <c>true</c>, whose spelling is also
/// accepted here). <c>workflow_dispatch</c> may be the whole trigger, an item of a list, or a key of a map with
/// <c>inputs</c>.
/// </summary>
public static class WorkflowDispatchReader
{
    public static readonly string[] InputTypes = ["string", "choice", "boolean", "number", "environment"];

    /// <summary>The declaration, or throws <see cref="FormatException"/> with a message for a person.</summary>
    public static DispatchDeclaration Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new FormatException($"The workflow file is not valid YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's parser throws these for some malformed input (an unclosed flow sequence, for one).
            throw new FormatException("The workflow file is not valid YAML.", exception);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("The workflow file is not a YAML mapping of name, on and jobs.");
        }

        var on = Child(root, "on") ?? Child(root, "true");
        YamlNode? dispatch = null;
        var dispatchable = false;
        switch (on)
        {
            case YamlScalarNode scalar:
                dispatchable = scalar.Value == "workflow_dispatch";
                break;
            case YamlSequenceNode list:
                dispatchable = list.Children.OfType<YamlScalarNode>().Any(e => e.Value == "workflow_dispatch");
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: "workflow_dispatch" })
                    {
                        dispatchable = true;
                        dispatch = value;
                    }
                }
                break;
        }

        var inputs = new List<DispatchInput>();
        if (dispatch is YamlMappingNode body && Child(body, "inputs") is { } declared)
        {
            if (declared is not YamlMappingNode inputMap)
            {
                throw new FormatException("workflow_dispatch.inputs must be a map of input names to their settings.");
            }
            foreach (var (key, value) in inputMap.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (string.IsNullOrEmpty(name))
                {
                    throw new FormatException("Every workflow_dispatch input needs a name.");
                }
                var settings = value as YamlMappingNode;
                if (value is not YamlMappingNode && !(value is YamlScalarNode { Value: null or "" or "~" or "null" }))
                {
                    throw new FormatException($"The input '{name}' must be a map (description, required, default, type, options).");
                }
                var type = Scalar(settings, "type") ?? "string";
                if (!InputTypes.Contains(type))
                {
                    throw new FormatException($"The input '{name}' has the type '{type}'; GitHub knows {string.Join(", ", InputTypes)}.");
                }
                IReadOnlyList<string> options = settings is not null && Child(settings, "options") is YamlSequenceNode list
                    ? list.Children.OfType<YamlScalarNode>().Select(o => o.Value ?? "").ToArray()
                    : [];
                if (type == "choice" && options.Count == 0)
                {
                    throw new FormatException($"The choice input '{name}' lists no options.");
                }
                var required = Scalar(settings, "required") is { } r && r.Equals("true", StringComparison.OrdinalIgnoreCase);
                inputs.Add(new DispatchInput(name, Scalar(settings, "description"), required, Scalar(settings, "default"), type, options));
            }
        }

        return new DispatchDeclaration(dispatchable, inputs);
    }

    /// <summary>
    /// Checks what a person sent against the declaration: every name declared, every required one given (or defaulted), a
    /// choice among its options, a boolean true or false, a number a number. Returns the inputs as GitHub takes them
    /// (strings), or the problems by field (<c>inputs.NAME</c>).
    /// </summary>
    public static (Dictionary<string, string> Inputs, Dictionary<string, string[]> Errors) Validate(
        DispatchDeclaration declaration, IReadOnlyDictionary<string, string> sent, int maxInputs)
    {
        var errors = new Dictionary<string, string[]>();
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sent.Count > maxInputs)
        {
            errors["inputs"] = [$"GitHub takes at most {maxInputs} inputs; {sent.Count} were sent."];
            return (inputs, errors);
        }
        foreach (var name in sent.Keys.Where(name => declaration.Inputs.All(i => i.Name != name)))
        {
            errors[$"inputs.{name}"] = [$"The workflow declares no input '{name}'."];
        }
        foreach (var input in declaration.Inputs)
        {
            if (!sent.TryGetValue(input.Name, out var value) || value.Length == 0 && input.Type != "string")
            {
                if (input.Required && string.IsNullOrEmpty(input.Default))
                {
                    errors[$"inputs.{input.Name}"] = [$"'{input.Name}' is required."];
                }
                continue;
            }
            if (input.Required && value.Length == 0 && string.IsNullOrEmpty(input.Default))
            {
                errors[$"inputs.{input.Name}"] = [$"'{input.Name}' is required."];
                continue;
            }
            var problem = input.Type switch
            {
                "choice" when !input.Options.Contains(value) =>
                    $"'{value}' is not one of the options of '{input.Name}': {string.Join(", ", input.Options)}.",
                "boolean" when value is not ("true" or "false") => $"'{input.Name}' must be true or false.",
                "number" when !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) =>
                    $"'{input.Name}' must be a number.",
                _ => null,
            };
            if (problem is not null)
            {
                errors[$"inputs.{input.Name}"] = [problem];
                continue;
            }
            inputs[input.Name] = value;
        }
        return (inputs, errors);
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode scalar && scalar.Value == key).Value;

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && Child(map, key) is YamlScalarNode { Value: var value } && value is not ("~" or "null") ? value : null;
}
