using System.Globalization;
using System.Text;

namespace GitHub.Simulator.Shapes;

/// <summary>
/// A job's log as GitHub serves it from <c>GET .../actions/jobs/{job_id}/logs</c>: plain text, every line prefixed with
/// its UTC time to 100 ns (<c>2026-12-04T08:00:00.1234567Z ##[group]Run actions/checkout@v4</c>), each step's lines inside
/// its started/completed window, a step beginning with <c>##[group]Run ...</c> ... <c>##[endgroup]</c>, a failure as
/// <c>##[error]...</c>. Rendered from the job's state, so it grows while the job runs and never changes once it ended.
/// </summary>
public static class JobLog
{
    public static string Render(WorkflowJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var log = new StringBuilder();
        var run = job.Run;
        foreach (var step in job.Steps.Where(s => s.Conclusion != Conclusion.Skipped && (s.StartedAt is not null || s.Status == RunStatus.InProgress)))
        {
            var lines = new List<string>();
            if (step.Number == 1)
            {
                var hosted = !job.Labels.Contains("self-hosted", StringComparer.OrdinalIgnoreCase);
                lines.Add("Current runner version: '2.321.0'");
                lines.Add($"Runner name: 'GitHub Actions {job.RunnerId}'");
                lines.Add(hosted ? "Runner group name: 'GitHub Actions'" : "Runner group name: 'Default'");
                lines.Add("##[group]Operating System");
                lines.AddRange(job.Labels.Contains("macos-latest", StringComparer.OrdinalIgnoreCase) ? ["macOS", "14.7.1"] : ["Ubuntu", "24.04.1", "LTS"]);
                lines.Add("##[endgroup]");
                lines.Add("##[group]GITHUB_TOKEN Permissions");
                lines.Add("Actions: write");
                lines.Add("Contents: read");
                lines.Add("Metadata: read");
                lines.Add("##[endgroup]");
                lines.Add("Secret source: Actions");
                lines.Add($"Requested labels: {string.Join(", ", job.Labels)}");
                lines.Add($"Job defined at: {run.Repository.FullName}/{run.Workflow.Path}@refs/heads/{run.HeadBranch}");
                lines.Add($"Waiting for a runner to pick up this job...");
                lines.Add("Prepare workflow directory");
                lines.Add("Prepare all required actions");
                lines.Add("Getting action download info");
                lines.Add($"Complete job name: {job.Name}");
            }
            else if (step.Number == job.Steps.Count && step.Name == "Complete job")
            {
                lines.Add("Cleaning up orphan processes");
            }
            else
            {
                lines.AddRange(StepLines(job, step));
            }
            if (job.Failure is { } failure && failure.StepNumber == step.Number)
            {
                lines.AddRange(failure.Output);
                lines.Add("##[error]" + failure.Error);
            }
            Append(log, step, lines);
        }
        return log.ToString();
    }

    private static IEnumerable<string> StepLines(WorkflowJob job, WorkflowStep step)
    {
        var repository = job.Run.Repository.FullName;
        var name = step.Name;
        if (name.StartsWith("Run actions/checkout", StringComparison.Ordinal))
        {
            return
            [
                $"##[group]{name}",
                "with:",
                $"  repository: {repository}",
                "  fetch-depth: 1",
                "##[endgroup]",
                $"Syncing repository: {repository}",
                "##[group]Fetching the repository",
                $"[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +{job.Run.HeadSha}:refs/remotes/origin/{job.Run.HeadBranch}",
                "##[endgroup]",
                $"HEAD is now at {job.Run.HeadSha[..7]} {job.Run.CommitMessage}",
            ];
        }
        var command = name switch
        {
            "Set up .NET" => "actions/setup-dotnet@v4",
            "Build" => "dotnet build --configuration Release",
            "Run tests" => "dotnet test --no-build --configuration Release",
            "Run super-linter" => "super-linter/super-linter@v7",
            "Terraform plan" => "terraform plan -input=false -out=tfplan",
            "Terraform apply" => "terraform apply -input=false tfplan",
            _ => name,
        };
        var body = name switch
        {
            "Set up .NET" => ["Downloading .NET SDK 10.0.100", "Installed .NET SDK 10.0.100"],
            "Build" when job.Failure?.StepNumber != step.Number => ["  Determining projects to restore...", "  App -> /home/runner/work/src/App/bin/Release/net10.0/App.dll", "Build succeeded.", "    0 Warning(s)", "    0 Error(s)"],
            "Run tests" when job.Failure?.StepNumber != step.Number => ["Passed!  - Failed:     0, Passed:   312, Skipped:     0, Total:   312"],
            _ => Array.Empty<string>(),
        };
        return [$"##[group]Run {command}", "shell: /usr/bin/bash -e {0}", "##[endgroup]", .. body];
    }

    /// <summary>Spreads the lines over the step's window, in order, at 100 ns resolution like GitHub.</summary>
    private static void Append(StringBuilder log, WorkflowStep step, List<string> lines)
    {
        var start = step.StartedAt ?? step.CompletedAt ?? DateTimeOffset.UnixEpoch;
        var end = step.CompletedAt is { } completed && completed > start ? completed : start;
        var span = end - start;
        for (var index = 0; index < lines.Count; index++)
        {
            var time = start + span * index / Math.Max(1, lines.Count);
            log.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))
                .Append(' ')
                .Append(lines[index])
                .Append('\n');
        }
    }
}
