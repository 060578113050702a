namespace ActionsDashboard.Hosting.ApplicationModel;

/// <summary>A named part of the application: a server, a database, a project or a parameter.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = ResourceNames.Validate(name);

    public List<IResourceAnnotation> Annotations { get; } = [];

    public IEnumerable<T> AnnotationsOf<T>() where T : IResourceAnnotation => Annotations.OfType<T>();

    public override string ToString() => Name;
}

public interface IResourceAnnotation;

/// <summary>A resource other resources receive as <c>ConnectionStrings__{name}</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string at run time, once the resource's endpoints are allocated.</summary>
    string GetConnectionString();

    /// <summary>The same connection string as a manifest expression (<c>{postgres.bindings.tcp.host}</c>...).</summary>
    string ManifestConnectionString { get; }
}

/// <summary>A resource whose state follows another one (a database follows its server).</summary>
public interface IResourceWithParent
{
    Resource Parent { get; }
}

/// <summary>A resource that runs as a process and listens on endpoints.</summary>
public interface IResourceWithEndpoints
{
    string Name { get; }

    List<IResourceAnnotation> Annotations { get; }
}

/// <summary>A resource whose environment other resources add to (references, settings).</summary>
public interface IResourceWithEnvironment
{
    string Name { get; }

    List<IResourceAnnotation> Annotations { get; }
}

/// <summary>Aspire's resource names: lower-case letters, digits and hyphens, starting with a letter.</summary>
public static class ResourceNames
{
    public static string Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !char.IsAsciiLetterLower(name[0])
            || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid resource name: use lower-case letters, digits and single hyphens, starting with a letter.",
                nameof(name));
        }

        return name;
    }
}
