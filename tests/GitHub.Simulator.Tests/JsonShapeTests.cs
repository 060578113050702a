using System.Text.Json;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>The shape comparison itself, so a passing shape test means something.</summary>
public sealed class JsonShapeTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Missing_property_and_different_kind_are_reported_with_their_path()
    {
        var sample = Json("""{"id": 1, "name": "x", "owner": {"login": "o", "site_admin": false}, "items": [{"n": 1}]}""");
        var actual = Json("""{"id": "1", "owner": {"login": "o", "site_admin": true}, "items": [{"n": null}]}""");

        var differences = JsonShape.Differences(sample, actual);

        Assert.Equal(
            ["$.id: the sample has number, the simulator string", "$.name: missing", "$.items[0].n: the sample has number, the simulator null"],
            differences);
    }

    [Fact]
    public void Null_in_the_sample_accepts_any_value_and_extra_properties_are_fine()
    {
        var sample = Json("""{"conclusion": null, "pull_requests": []}""");
        var actual = Json("""{"conclusion": "success", "pull_requests": [{"id": 1}], "extra": true}""");

        Assert.Empty(JsonShape.Differences(sample, actual));
    }
}
