using System.Text.Json;

namespace GitHub.Simulator.Tests.Infrastructure;

/// <summary>
/// GitHub's sample data in <c>&lt;repository&gt;/samples/github</c>, kept in the repository so a clone tests on its own.
/// The repository root is the folder with <c>ActionsDashboard.sln</c> above the test binaries; a missing root or samples
/// folder fails the tests, never skips them.
/// </summary>
public static class Samples
{
    private static readonly Lazy<string> Root = new(FindSamplesFolder);

    public static JsonElement Rest(string fileName) => Read(Path.Combine(Root.Value, "rest", fileName));

    public static JsonElement Webhook(string fileName) => Read(Path.Combine(Root.Value, "webhooks", fileName));

    private static JsonElement Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The GitHub sample {path} is missing.");
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static string FindSamplesFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException($"No folder with ActionsDashboard.sln above {AppContext.BaseDirectory}: cannot find the repository root.");
        }
        var samples = Path.Combine(directory.FullName, "samples", "github");
        if (!Directory.Exists(Path.Combine(samples, "rest")) || !Directory.Exists(Path.Combine(samples, "webhooks")))
        {
            throw new InvalidOperationException(
                $"The GitHub samples are missing: expected {samples}/rest and {samples}/webhooks (the repository's samples/github).");
        }
        return samples;
    }
}
