namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// The webhook payloads in <c>../shared/github-samples/webhooks</c> beside the repository, read in place; a missing
/// folder fails the tests rather than skipping them.
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

        var webhooks = directory?.Parent is null ? null : Path.Combine(directory.Parent.FullName, "shared", "github-samples", "webhooks");
        return webhooks is not null && Directory.Exists(webhooks)
            ? webhooks
            : throw new InvalidOperationException($"The GitHub samples are missing: expected ../shared/github-samples/webhooks beside the repository above {AppContext.BaseDirectory}.");
    }
}
