using System.Reflection;
using ActionsDashboard.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ActionsDashboard.Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    DistributedApplicationOptions Options { get; }

    /// <summary>Run (start everything here) or Publish (write the manifest).</summary>
    ExecutionMode Mode { get; }

    /// <summary>The AppHost project's folder; project paths in the model are relative to it.</summary>
    string AppHostDirectory { get; }

    IReadOnlyList<Resource> Resources { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : Resource;

    DistributedApplication Build();
}

public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }

    IDistributedApplicationBuilder ApplicationBuilder { get; }
}

public sealed class DistributedApplicationOptions
{
    public string[] Args { get; set; } = [];

    /// <summary>The AppHost project's folder. Defaults to the entry assembly's <c>AppHostProjectDirectory</c> metadata.</summary>
    public string? AppHostDirectory { get; set; }

    /// <summary>Build configuration whose outputs are run (Debug/Release). Defaults to this library's own.</summary>
    public string? BuildConfiguration { get; set; }

    /// <summary>Extra configuration applied last (tests use it for ports and folders).</summary>
    public IDictionary<string, string?>? Settings { get; set; }
}

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        AppHostDirectory = Path.GetFullPath(options.AppHostDirectory ?? FindAppHostDirectory());

        Configuration = new ConfigurationManager();
        Configuration.AddJsonFile(Path.Combine(AppHostDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        Configuration.AddJsonFile(Path.Combine(AppHostDirectory, "appsettings.Development.json"), optional: true, reloadOnChange: false);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args, new Dictionary<string, string>
        {
            ["--publisher"] = "AppHost:Publisher",
            ["--output-path"] = "AppHost:OutputPath",
        });
        if (options.Settings is not null)
        {
            Configuration.AddInMemoryCollection(options.Settings);
        }

        Mode = string.Equals(Configuration["AppHost:Publisher"], "manifest", StringComparison.OrdinalIgnoreCase)
            ? ExecutionMode.Publish
            : ExecutionMode.Run;
        if (Configuration["AppHost:Publisher"] is { Length: > 0 } publisher && Mode != ExecutionMode.Publish)
        {
            throw new ArgumentException($"Unknown publisher '{publisher}': the only publisher is 'manifest'.");
        }
    }

    public ConfigurationManager Configuration { get; }

    public DistributedApplicationOptions Options { get; }

    public ExecutionMode Mode { get; }

    public string AppHostDirectory { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists in the model.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build() => new(this);

    private static string FindAppHostDirectory()
    {
        var entry = Assembly.GetEntryAssembly();
        var fromMetadata = entry?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;
        return fromMetadata ?? Directory.GetCurrentDirectory();
    }

    private sealed record ResourceBuilder<T>(T Resource, IDistributedApplicationBuilder ApplicationBuilder) : IResourceBuilder<T>
        where T : Resource;
}
