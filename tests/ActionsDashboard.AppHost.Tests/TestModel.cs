using ActionsDashboard.Hosting;

namespace ActionsDashboard.AppHost.Tests;

internal static class TestModel
{
    public static string AppHostDirectory => AppModel.AppHostDirectory;

    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(AppHostDirectory, ".."));

    /// <summary>../shared beside the repository (the CI clone and every developer's checkout have it).</summary>
    public static string SharedDirectory
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(shared)
                ? shared
                : throw new DirectoryNotFoundException($"The shared folder was expected at {shared}, beside the repository.");
        }
    }

    public static DistributedApplication Build(Dictionary<string, string?>? settings = null, params string[] args) =>
        AppModel.CreateApplication(settings, args);
}
