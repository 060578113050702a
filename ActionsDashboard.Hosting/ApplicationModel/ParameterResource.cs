namespace ActionsDashboard.Hosting.ApplicationModel;

/// <summary>
/// A value supplied at deployment (a password). Locally it is generated once and kept in the data folder's
/// secrets file, so a restart keeps the servers' data usable.
/// </summary>
public sealed class ParameterResource(string name, bool secret, bool generated = false, int minLength = 22) : Resource(name)
{
    public bool Secret { get; } = secret;

    /// <summary>Generated when nobody supplies it (passwords); otherwise read from <c>Parameters:{name}</c>.</summary>
    public bool Generated { get; } = generated;

    public int MinLength { get; } = minLength;

    /// <summary>When above 0, the generated value is a base64 key of this many random bytes (signing and
    /// encryption keys) rather than a password. A deployment cannot generate such a key: it asks for it.</summary>
    public int KeyBytes { get; init; }

    /// <summary>The local value; set by the orchestrator before anything starts.</summary>
    public string? Value { get; set; }

    public string GetValue() =>
        Value ?? throw new InvalidOperationException($"Parameter '{Name}' has no value yet: the application has not been started.");

    public string ManifestExpression => $"{{{Name}.value}}";
}
