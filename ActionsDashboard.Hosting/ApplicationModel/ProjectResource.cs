namespace ActionsDashboard.Hosting.ApplicationModel;

/// <summary>A .NET project of this repository, run as its own process.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name), IResourceWithEndpoints, IResourceWithEnvironment
{
    /// <summary>Full path to the .csproj file.</summary>
    public string ProjectPath { get; } = projectPath;

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public string AssemblyName => Path.GetFileNameWithoutExtension(ProjectPath);

    public EndpointAnnotation HttpEndpoint => AnnotationsOf<EndpointAnnotation>().First(e => e.Name == "http");
}
