using System.Text.Json.Nodes;

namespace ActionsDashboard.AppHost.Tests;

/// <summary>
/// A JSON Schema (draft-07) validator for the keywords Aspire's manifest schema uses: type, properties,
/// additionalProperties, required, const, enum, items, oneOf, allOf, not and local $ref. JsonSchema.Net does
/// not restore here (its JsonPointer.Net / Json.More.Net dependencies are missing from the registry), so
/// the test carries this small one; an unknown keyword makes it fail loudly rather than pass silently.
/// </summary>
public sealed class JsonSchemaValidator(JsonNode schemaRoot)
{
    private static readonly HashSet<string> s_annotations = ["$schema", "$id", "description", "title", "default", "definitions", "examples"];
    private static readonly HashSet<string> s_supported =
        ["type", "properties", "additionalProperties", "required", "const", "enum", "items", "oneOf", "allOf", "not", "$ref"];

    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Validate(schemaRoot, instance, "$", errors);
        return errors;
    }

    private void Validate(JsonNode schema, JsonNode? instance, string path, List<string> errors)
    {
        if (schema is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: no value is allowed here");
            }

            return;
        }

        var obj = schema.AsObject();
        foreach (var (keyword, _) in obj)
        {
            if (!s_supported.Contains(keyword) && !s_annotations.Contains(keyword))
            {
                throw new NotSupportedException($"Schema keyword '{keyword}' is not supported by this validator.");
            }
        }

        if (obj["$ref"] is JsonNode reference)
        {
            Validate(Resolve(reference.GetValue<string>()), instance, path, errors);
        }

        if (obj["type"] is JsonNode type)
        {
            var types = type is JsonArray array ? array.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!types.Any(t => HasType(instance, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", types)}, found {KindOf(instance)}");
                return;
            }
        }

        if (obj["const"] is JsonNode constant && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: expected {constant.ToJsonString()}");
        }

        if (obj["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, instance)))
        {
            errors.Add($"{path}: {instance?.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (instance is JsonObject instanceObject)
        {
            var properties = obj["properties"]?.AsObject();
            if (obj["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !instanceObject.ContainsKey(n)))
                {
                    errors.Add($"{path}: missing required property '{name}'");
                }
            }

            foreach (var (name, value) in instanceObject)
            {
                if (properties?[name] is JsonNode propertySchema)
                {
                    Validate(propertySchema, value, $"{path}.{name}", errors);
                }
                else if (obj["additionalProperties"] is JsonNode additional)
                {
                    Validate(additional, value, $"{path}.{name}", errors);
                }
            }
        }

        if (instance is JsonArray instanceArray && obj["items"] is JsonNode items)
        {
            for (var i = 0; i < instanceArray.Count; i++)
            {
                Validate(items, instanceArray[i], $"{path}[{i}]", errors);
            }
        }

        if (obj["allOf"] is JsonArray allOf)
        {
            foreach (var sub in allOf)
            {
                Validate(sub!, instance, path, errors);
            }
        }

        if (obj["oneOf"] is JsonArray oneOf)
        {
            var failures = new List<List<string>>();
            var matches = 0;
            foreach (var sub in oneOf)
            {
                var subErrors = new List<string>();
                Validate(sub!, instance, path, subErrors);
                if (subErrors.Count == 0)
                {
                    matches++;
                }
                else
                {
                    failures.Add(subErrors);
                }
            }

            if (matches != 1)
            {
                var closest = failures.OrderBy(f => f.Count).FirstOrDefault() ?? [];
                errors.Add($"{path}: matches {matches} of the oneOf alternatives, exactly one required"
                    + (closest.Count > 0 ? $" (closest alternative: {string.Join("; ", closest)})" : ""));
            }
        }

        if (obj["not"] is JsonNode not)
        {
            var subErrors = new List<string>();
            Validate(not, instance, path, subErrors);
            if (subErrors.Count == 0)
            {
                errors.Add($"{path}: matches a schema it must not match");
            }
        }
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local $ref is supported, not '{reference}'.");
        }

        var node = schemaRoot;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node[segment.Replace("~1", "/").Replace("~0", "~")] ?? throw new InvalidOperationException($"$ref '{reference}' does not resolve.");
        }

        return node;
    }

    private static bool HasType(JsonNode? node, string type) => type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.TryGetValue<string>(out _),
        "boolean" => node is JsonValue v && v.TryGetValue<bool>(out _),
        "integer" => node is JsonValue v && (v.TryGetValue<int>(out _) || v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out var d) && Math.Floor(d) == d)),
        "number" => node is JsonValue v && (v.TryGetValue<double>(out _) || v.TryGetValue<int>(out _) || v.TryGetValue<long>(out _)),
        "null" => node is null,
        _ => throw new NotSupportedException($"Unknown type '{type}'."),
    };

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };
}
