using System.Text.Encodings.Web;
using System.Text.Json;

namespace GitHub.Simulator.Shapes;

/// <summary>How the simulator writes GitHub's JSON: compact, and with <c>+</c>, <c>&lt;</c>, non-ASCII left as they are (GitHub writes <c>{+path}</c>, not <c>{\u002Bpath}</c>).</summary>
public static class GitHubJson
{
    // Safe here: these bodies are served as application/json, never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
