using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>
/// The browser's own declaration of the contract, <c>Web/ClientApp/src/api/types.ts</c>, read as text: its
/// <c>export type X = ...;</c> declarations (object types, unions of literals, <c>null</c>, arrays and other
/// declarations). A JSON answer matches a type when it has exactly the type's fields and every value fits.
/// </summary>
public static class TypeScriptTypes
{
    private static readonly Lazy<Dictionary<string, string>> Declarations = new(Read);

    public static string FilePath => Path.GetFullPath(Path.Combine(Samples.Folder, "..", "..", "Web", "ClientApp", "src", "api", "types.ts"));

    public static void AssertMatches(string typeName, JsonNode? json)
    {
        var problems = new List<string>();
        Check(json, typeName, typeName, problems);
        Assert.True(problems.Count == 0, $"The JSON does not match '{typeName}' in {FilePath}:\n" + string.Join('\n', problems));
    }

    /// <summary>The fields of an object type, name → TypeScript type.</summary>
    public static IReadOnlyDictionary<string, string> Fields(string typeName) => ObjectFields(Declaration(typeName));

    private static void Check(JsonNode? value, string type, string path, List<string> problems)
    {
        var members = SplitTopLevel(type, '|').Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
        if (members.Count > 1)
        {
            if (!members.Any(member => Fits(value, member)))
            {
                problems.Add($"{path}: {Describe(value)} is none of {type}");
            }

            return;
        }

        var single = members.Single();
        if (single.EndsWith("[]", StringComparison.Ordinal))
        {
            if (value is not JsonArray array)
            {
                problems.Add($"{path}: {Describe(value)} is not an array ({single})");
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], single[..^2], $"{path}[{i}]", problems);
            }

            return;
        }

        if (single.StartsWith('{'))
        {
            if (value is not JsonObject obj)
            {
                problems.Add($"{path}: {Describe(value)} is not an object");
                return;
            }

            var fields = ObjectFields(single);
            foreach (var missing in fields.Keys.Where(key => !obj.ContainsKey(key)))
            {
                problems.Add($"{path}.{missing}: declared in types.ts, absent from the JSON");
            }

            foreach (var (key, fieldValue) in obj)
            {
                if (!fields.TryGetValue(key, out var fieldType))
                {
                    problems.Add($"{path}.{key}: in the JSON, not declared in types.ts");
                    continue;
                }

                Check(fieldValue, fieldType, $"{path}.{key}", problems);
            }

            return;
        }

        if (!Fits(value, single))
        {
            problems.Add($"{path}: {Describe(value)} is not {single}");
        }
    }

    private static bool Fits(JsonNode? value, string member)
    {
        switch (member)
        {
            case "null":
                return value is null;
            case "string":
                return value is JsonValue s && s.GetValueKind() == JsonValueKind.String;
            case "number":
                return value is JsonValue n && n.GetValueKind() == JsonValueKind.Number;
            case "boolean":
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
        }

        if (member.StartsWith('"'))
        {
            return value is JsonValue literal && literal.GetValueKind() == JsonValueKind.String && (string?)literal == member.Trim('"');
        }

        var problems = new List<string>();
        Check(value, Declaration(member), member, problems);
        return problems.Count == 0;
    }

    private static string Declaration(string typeName) =>
        typeName.StartsWith('{') || typeName.Contains('|', StringComparison.Ordinal) ? typeName
        : Declarations.Value.TryGetValue(typeName, out var declaration) ? declaration
        : throw new InvalidOperationException($"types.ts declares no type '{typeName}'.");

    private static Dictionary<string, string> ObjectFields(string objectType)
    {
        var body = objectType.Trim();
        if (!body.StartsWith('{') || !body.EndsWith('}'))
        {
            throw new InvalidOperationException($"Not an object type: {objectType}");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in SplitTopLevel(body[1..^1], ';', '\n').Select(f => f.Trim()).Where(f => f.Length > 0))
        {
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            fields[field[..colon].Trim().TrimEnd('?')] = field[(colon + 1)..].Trim();
        }

        return fields;
    }

    private static Dictionary<string, string> Read()
    {
        var text = string.Join('\n', File.ReadAllLines(FilePath).Select(line => line.Split("//")[0]));
        var declarations = new Dictionary<string, string>(StringComparer.Ordinal);
        const string Marker = "export type ";
        for (var at = text.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            var equals = text.IndexOf('=', at);
            var name = text[(at + Marker.Length)..equals].Trim();
            var end = equals + 1;
            var depth = 0;
            while (end < text.Length && !(depth == 0 && text[end] == ';'))
            {
                depth += text[end] switch { '{' or '(' => 1, '}' or ')' => -1, _ => 0 };
                end++;
            }

            declarations[name] = text[(equals + 1)..end].Trim();
        }

        return declarations;
    }

    private static IEnumerable<string> SplitTopLevel(string text, params char[] separators)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '{' or '(' => 1, '}' or ')' => -1, _ => 0 };
            if (depth == 0 && separators.Contains(text[i]))
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Describe(JsonNode? value) => value?.ToJsonString() is { } json ? (json.Length > 60 ? json[..60] + "…" : json) : "null";
}
