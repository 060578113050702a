using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RerunRequest))]
[JsonSerializable(typeof(OAuthTokenResponse))]
internal sealed partial class InternalJsonContext : JsonSerializerContext;
