using System.Text.Json;

namespace GitHub.Simulator.Tests.Infrastructure;

/// <summary>
/// Compares the shape of a simulator answer with a GitHub sample: every property of a sample object must be in the
/// simulator's object with the same JSON kind (true and false are one kind). Where the sample has null, any value is
/// fine; arrays are compared through their first elements.
/// </summary>
public static class JsonShape
{
    /// <summary>
    /// Properties GitHub's OpenAPI description declares nullable and sends as null for ordinary repositories and apps,
    /// although the sample shows a value: the simulator sends the ordinary null.
    /// </summary>
    private static readonly HashSet<string> NullableInGitHubSchema = new(StringComparer.Ordinal)
    {
        "mirror_url",
        "single_file_name",
        // A check annotation's columns are null unless the tool named them (a compiler does, a test runner does not).
        "start_column",
        "end_column",
    };

    public static IReadOnlyList<string> Differences(JsonElement sample, JsonElement actual)
    {
        var differences = new List<string>();
        Compare(sample, actual, "$", differences);
        return differences;
    }

    public static void AssertMatches(JsonElement sample, JsonElement actual, string what)
    {
        var differences = Differences(sample, actual);
        Assert.True(differences.Count == 0, $"{what} differs from GitHub's sample:\n  " + string.Join("\n  ", differences));
    }

    private static void Compare(JsonElement sample, JsonElement actual, string path, List<string> differences)
    {
        if (sample.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (actual.ValueKind == JsonValueKind.Null && NullableInGitHubSchema.Contains(LastSegment(path)))
        {
            return;
        }
        if (Kind(sample) != Kind(actual))
        {
            differences.Add($"{path}: the sample has {Kind(sample)}, the simulator {Kind(actual)}");
            return;
        }
        switch (sample.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in sample.EnumerateObject())
                {
                    if (!actual.TryGetProperty(property.Name, out var value))
                    {
                        differences.Add($"{path}.{property.Name}: missing");
                        continue;
                    }
                    Compare(property.Value, value, $"{path}.{property.Name}", differences);
                }
                break;
            case JsonValueKind.Array:
                if (sample.GetArrayLength() > 0 && actual.GetArrayLength() > 0)
                {
                    Compare(sample[0], actual[0], $"{path}[0]", differences);
                }
                break;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];
}
