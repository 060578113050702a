namespace GitHub.Simulator.Services;

/// <summary>
/// Days of finished runs before start-up (<see cref="WorldDefinition.HistoryDays"/>), so every view of the demo has
/// something to show at once: several runs a day per workflow in working hours, pushes to the default branch and pull
/// requests from the other branches, real failures (an error in a step's log, annotations), flaky jobs whose failed
/// first attempt was re-run on the same commit and passed (<c>run_attempt</c> 2), and jobs that waited minutes for a
/// runner on slow labels. No webhooks are sent while it is made; <see cref="HistoryReplay"/> can deliver them later.
/// </summary>
public static class HistoryBuilder
{
    private const double FailureRate = 0.12;

    public static void Seed(World world, int days, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(world);
        var random = world.Random;
        var latest = now.AddMinutes(-20);
        var planned = new List<(DateTimeOffset At, Workflow Workflow)>();
        foreach (var workflow in world.Repositories.SelectMany(r => r.Workflows))
        {
            for (var day = days; day >= 0; day--)
            {
                var date = now.UtcDateTime.Date.AddDays(-day);
                // Fewer runs at weekends, and the busiest repository busier.
                var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var count = weekend ? random.Next(0, 2) : random.Next(3, 8);
                for (var index = 0; index < count; index++)
                {
                    var at = new DateTimeOffset(date, TimeSpan.Zero).AddHours(7).AddMinutes(random.Next(12 * 60)).AddSeconds(random.Next(60));
                    if (at < latest)
                    {
                        planned.Add((at, workflow));
                    }
                }
            }
        }

        // In time order, so run ids and run numbers grow with time as on GitHub.
        foreach (var (at, workflow) in planned.OrderBy(p => p.At))
        {
            var repository = workflow.Repository;
            var writers = repository.Roles.Where(pair => pair.Value >= RepositoryRole.Push).Select(pair => world.FindAccount(pair.Key)).OfType<Account>().ToList();
            var actor = writers.Count > 0 ? writers[random.Next(writers.Count)] : world.DefaultUser;
            var others = repository.Branches.Where(b => b != repository.DefaultBranch).ToList();
            var pullRequest = others.Count > 0 && random.NextDouble() < 0.35;
            var branch = pullRequest ? others[random.Next(others.Count)] : repository.DefaultBranch;
            var conclusion = random.NextDouble() < FailureRate ? Conclusion.Failure : Conclusion.Success;
            var spec = new StartRunSpec(workflow, branch, pullRequest ? "pull_request" : "push", actor, conclusion, WorldLoader.PickCommitMessage(random),
                Realistic: true, PullRequestNumber: pullRequest ? PullRequestNumbers.Of(repository, branch) : null);
            var run = RunProgression.Start(world, spec, at, static _ => { });
            var ended = RunProgression.PlayOut(world, run, at, static _ => { });

            // A flake is re-run by someone a little later, on the same commit, and passes.
            if (run.CurrentJobs.Any(j => j.Flaky && j.Conclusion == Conclusion.Failure))
            {
                var rerunAt = ended.AddMinutes(3 + random.Next(25));
                if (rerunAt < latest
                    && RunProgression.Rerun(world, run, RerunScope.FailedJobs, null, actor, rerunAt, static _ => { }) == RerunOutcome.Started)
                {
                    RunProgression.PlayOut(world, run, rerunAt, static _ => { });
                }
            }
        }
    }
}
