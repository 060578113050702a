namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// The webhook payloads in <c>samples/github/webhooks</c> in the repository (the folder with <c>ActionsDashboard.sln</c>
/// above the test binaries), read in place; a missing folder fails the tests rather than skipping them.
/// </summary>
public static class Samples
{
    private static readonly Lazy<string> Folder = new(FindWebhooksFolder);

    public static byte[] Webhook(string fileName) => File.ReadAllBytes(Path.Combine(Folder.Value, fileName));

    public static IEnumerable<string> WebhookFiles() =>
        Directory.EnumerateFiles(Folder.Value, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>File names look like <c>workflow_job.queued.with-deployment.json</c>: the event name comes first.</summary>
    public static string EventNameOf(string fileName) => fileName[..fileName.IndexOf('.', StringComparison.Ordinal)];

    private static string FindWebhooksFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }

        var webhooks = directory is null ? null : Path.Combine(directory.FullName, "samples", "github", "webhooks");
        return webhooks is not null && Directory.Exists(webhooks)
            ? webhooks
            : throw new InvalidOperationException($"The GitHub samples are missing: expected samples/github/webhooks in the repository (the folder with ActionsDashboard.sln) above {AppContext.BaseDirectory}.");
    }
}
