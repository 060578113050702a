namespace GitHub.Simulator.Model;

/// <summary>
/// Plausible failures for a step, chosen by what the step does: a compiler error in a build, a failed assertion in tests
/// (the same one for a flake, whose re-run passes), a linter finding, a Terraform error. Each comes with the log lines a
/// runner prints, the <c>##[error]</c> line, and annotations as GitHub makes them: one where the tool named a file, and the
/// runner's own "Process completed with exit code 1." on <c>.github</c>.
/// </summary>
public static class FailureCatalog
{
    private static readonly (string Test, string Expected, string Actual)[] Assertions =
    [
        ("Parser_reads_quoted_names", "\"octo repo\"", "\"octo\""),
        ("Retry_gives_up_after_three_attempts", "3", "4"),
        ("Cache_serves_stale_entry_when_upstream_fails", "True", "False"),
    ];

    public static JobFailure For(WorkflowJob job, WorkflowStep step, Random random)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(random);
        var name = step.Name.ToLowerInvariant();
        if (job.Flaky || name.Contains("test", StringComparison.Ordinal))
        {
            // A flake is the timing-dependent test; a real failure any of them.
            var (test, expected, actual) = job.Flaky ? ("Webhook_is_delivered_within_ten_seconds", "Delivered", "TimedOut") : Assertions[random.Next(Assertions.Length)];
            var line = 40 + random.Next(80);
            var path = job.Flaky ? "tests/Webhooks.Tests/DeliveryTests.cs" : "tests/Parser.Tests/ParserTests.cs";
            var message = $"Assert.Equal() Failure: Expected: {expected}, Actual: {actual}";
            var passed = 120 + random.Next(200);
            return new JobFailure(step.Number,
            [
                "  Determining projects to restore...",
                "  All projects are up-to-date for restore.",
                $"[xUnit.net 00:00:02.41]     {test} [FAIL]",
                $"  Failed {test} [{12 + random.Next(900)} ms]",
                "  Error Message:",
                $"   {message}",
                "  Stack Trace:",
                $"     at {path.Replace('/', '.')[..^3]}.{test}() in /home/runner/work/{job.Run.Repository.Name}/{job.Run.Repository.Name}/{path}:line {line}",
                $"Failed!  - Failed:     1, Passed:   {passed}, Skipped:     0, Total:   {passed + 1}",
            ],
            "Process completed with exit code 1.",
            [
                new JobAnnotation(path, line, line, null, null, "failure", $"{test} failed", message, $"at {test}() in {path}:line {line}"),
                ExitCode(),
            ]);
        }
        if (name.Contains("build", StringComparison.Ordinal))
        {
            var line = 10 + random.Next(200);
            const string path = "src/App/RunsService.cs";
            return new JobFailure(step.Number,
            [
                "  Determining projects to restore...",
                "  Restored /home/runner/work/src/App/App.csproj (in 1.2 sec).",
                $"/home/runner/work/{path}({line},17): error CS0103: The name 'runAttempt' does not exist in the current context",
                "Build FAILED.",
                "    0 Warning(s)",
                "    1 Error(s)",
            ],
            "Process completed with exit code 1.",
            [
                new JobAnnotation(path, line, line, 17, 27, "failure", "CS0103", "The name 'runAttempt' does not exist in the current context", null),
                ExitCode(),
            ]);
        }
        if (name.Contains("lint", StringComparison.Ordinal))
        {
            var line = 1 + random.Next(60);
            return new JobFailure(step.Number,
            [
                "Linting 84 files with markdownlint, yamllint",
                $"README.md:{line} MD013/line-length Line length [Expected: 120; Actual: 151]",
                ".github/workflows/ci.yml:12:81 [error] line too long (94 > 80 characters) (line-length)",
                "2 errors found",
            ],
            "Process completed with exit code 2.",
            [
                new JobAnnotation("README.md", line, line, 121, 151, "failure", "MD013/line-length", "Line length [Expected: 120; Actual: 151]", null),
                new JobAnnotation(".github/workflows/ci.yml", 12, 12, 81, 94, "warning", "line-length", "line too long (94 > 80 characters)", null),
                ExitCode(2),
            ]);
        }
        if (name.Contains("terraform", StringComparison.Ordinal))
        {
            return new JobFailure(step.Number,
            [
                "Acquiring state lock. This may take a few moments...",
                "module.network.azurerm_subnet.apps: Refreshing state...",
                "╷",
                "│ Error: creating Subnet \"apps\": network.SubnetsClient#CreateOrUpdate: Failure sending request: StatusCode=409",
                "│   with module.network.azurerm_subnet.apps, on network/main.tf line 31",
                "╵",
            ],
            "Terraform exited with code 1.",
            [
                new JobAnnotation("network/main.tf", 31, 36, null, null, "failure", "Error: creating Subnet", "StatusCode=409 -- Original Error: AnotherOperationInProgress", null),
                ExitCode(),
            ]);
        }
        return new JobFailure(step.Number, ["Something went wrong."], "Process completed with exit code 1.", [ExitCode()]);
    }

    /// <summary>What the runner itself adds to a failed job's check run.</summary>
    private static JobAnnotation ExitCode(int code = 1) =>
        new(".github", 1, 1, null, null, "failure", "", $"Process completed with exit code {code}.", null);
}
