using System.Text.Json;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// The GitHub sample payloads in <c>samples/github</c> in the repository (the folder with <c>ActionsDashboard.sln</c>
/// above the test binaries), so a clone tests on its own. They are read in place, never copied to the output; a
/// missing folder fails the tests rather than skipping them.
/// </summary>
public static class Samples
{
    private static readonly Lazy<string> Root = new(FindSamplesRoot);

    public static string Folder => Root.Value;

    public static string WebhooksFolder => Path.Combine(Folder, "webhooks");

    public static string RestFolder => Path.Combine(Folder, "rest");

    public static byte[] Webhook(string fileName) => File.ReadAllBytes(Path.Combine(WebhooksFolder, fileName));

    public static byte[] Rest(string fileName) => File.ReadAllBytes(Path.Combine(RestFolder, fileName));

    public static string RestText(string fileName) => File.ReadAllText(Path.Combine(RestFolder, fileName));

    public static JsonElement WebhookJson(string fileName) => Json(Webhook(fileName));

    public static JsonElement RestJson(string fileName) => Json(Rest(fileName));

    public static IEnumerable<string> WebhookFiles() =>
        Directory.EnumerateFiles(WebhooksFolder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static IEnumerable<string> RestFiles() =>
        Directory.EnumerateFiles(RestFolder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>File names look like <c>workflow_job.queued.with-deployment.json</c>: the event name comes first.</summary>
    public static string EventNameOf(string fileName) => fileName[..fileName.IndexOf('.', StringComparison.Ordinal)];

    private static JsonElement Json(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static string FindSamplesRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException(
                $"Could not find the repository root (the folder with ActionsDashboard.sln) above {AppContext.BaseDirectory}.");
        }
        var samples = Path.Combine(directory.FullName, "samples", "github");
        if (!Directory.Exists(Path.Combine(samples, "webhooks")) || !Directory.Exists(Path.Combine(samples, "rest")))
        {
            throw new InvalidOperationException(
                $"The GitHub samples are missing: expected {samples}/webhooks and {samples}/rest (the repository's samples/github).");
        }
        return samples;
    }
}
