using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// Keeps the world alive when <c>Simulator:Scenario:Enabled</c> (the demo mode): every <c>StepSeconds</c> it moves
/// each live run one step and, every few steps, pushes a commit that starts a new run, so there is always something
/// running. It can also be switched on and stepped through the control API.
/// </summary>
public sealed class ScenarioEngine(RunLifecycle lifecycle, IOptionsMonitor<SimulatorOptions> options, TimeProvider time, ILogger<ScenarioEngine> logger)
    : BackgroundService
{
    private static readonly string[] Events = ["push", "push", "push", "pull_request", "workflow_dispatch"];

    private readonly Lock _sync = new();
    // -1: as configured; 0: off; 1: on (switched through the control API).
    private int _enabledOverride = -1;
    private long _steps;
    // Runs whose first attempt flaked, and the step at which someone re-runs their failed jobs.
    private readonly Dictionary<WorkflowRun, long> _flakesToRerun = [];
    // Runs the scenario started that wait for a reviewer, and the step at which one approves.
    private readonly Dictionary<WorkflowRun, long> _approvals = [];

    public bool Enabled => Volatile.Read(ref _enabledOverride) switch
    {
        0 => false,
        1 => true,
        _ => options.CurrentValue.Scenario.Enabled,
    };

    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Switches the timer-driven scenario on or off until the next restart.</summary>
    public void SetEnabled(bool enabled) => Volatile.Write(ref _enabledOverride, enabled ? 1 : 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.CurrentValue.Scenario.StepSeconds);
        if (Enabled)
        {
            logger.LogInformation("The scenario is on: a step every {StepSeconds} s.", period.TotalSeconds);
        }
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!Enabled)
                {
                    continue;
                }
                try
                {
                    Step();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One bad step must not end the demo.
                    logger.LogError(exception, "A scenario step failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One step of the scenario: advance live runs, maybe start one. Returns the runs started.</summary>
    public IReadOnlyList<WorkflowRun> Step()
    {
        lock (_sync)
        {
            var step = Interlocked.Increment(ref _steps);
            var settings = options.CurrentValue.Scenario;
            var live = lifecycle.Read(world => world.Runs.Where(r => !r.IsCompleted).OrderBy(r => r.Id).ToList());
            foreach (var run in live)
            {
                // Not every run moves every step, so runs drift apart like real ones.
                if (lifecycle.Read(world => world.Random.NextDouble()) < 0.85)
                {
                    lifecycle.Advance(run);
                }
            }

            // Someone notices a flaky failure a few steps later and re-runs the failed jobs on the same commit.
            foreach (var run in live.Where(r => lifecycle.Read(_ => r.IsCompleted && r.RunAttempt == 1
                && r.CurrentJobs.Any(j => j.Flaky && j.Conclusion == Conclusion.Failure))))
            {
                _flakesToRerun[run] = step + 2;
            }
            foreach (var (run, due) in _flakesToRerun.Where(pair => pair.Value <= step).ToList())
            {
                _flakesToRerun.Remove(run);
                lifecycle.Rerun(run, RerunScope.FailedJobs, null, lifecycle.Read(_ => run.TriggeringActor));
            }

            // A reviewer approves a waiting deployment some steps later (the demo shows it waiting meanwhile).
            foreach (var (run, due) in _approvals.Where(pair => pair.Value <= step).ToList())
            {
                _approvals.Remove(run);
                if (lifecycle.Read(_ => run.PendingEnvironment?.Reviewers.FirstOrDefault()) is { } reviewer)
                {
                    lifecycle.Review(run, approved: true, reviewer);
                }
            }

            var started = new List<WorkflowRun>();
            var stillLive = lifecycle.Read(_ => live.Count(r => !r.IsCompleted));
            if ((stillLive == 0 || step % settings.NewRunEverySteps == 0) && stillLive < settings.MaxActiveRuns)
            {
                if (lifecycle.Start(world => ChooseRun(world, settings)) is { } run)
                {
                    started.Add(run);
                    if (lifecycle.Read(_ => run.Status == RunStatus.Waiting))
                    {
                        _approvals[run] = step + 8;
                    }
                }
            }
            return started;
        }
    }

    private static StartRunSpec ChooseRun(World world, ScenarioSettings settings)
    {
        var random = world.Random;
        var workflows = world.Repositories.SelectMany(r => r.Workflows).ToList();
        if (workflows.Count == 0)
        {
            throw new InvalidOperationException("The world has no workflows, so the scenario has nothing to run.");
        }
        var workflow = workflows[random.Next(workflows.Count)];
        var repository = workflow.Repository;
        // Most runs are on the default branch.
        var branch = random.NextDouble() < 0.6 ? repository.DefaultBranch : repository.Branches[random.Next(repository.Branches.Count)];
        var eventName = Events[random.Next(Events.Length)];
        // A pull request's run is on its head branch, never the default one.
        if (eventName == "pull_request" && branch == repository.DefaultBranch)
        {
            eventName = "push";
        }
        var writers = repository.Roles.Where(pair => pair.Value >= RepositoryRole.Push).Select(pair => world.FindAccount(pair.Key)).OfType<Account>().ToList();
        var actor = writers.Count > 0 ? writers[random.Next(writers.Count)] : world.DefaultUser;
        var conclusion = random.NextDouble() < settings.FailureRate ? Conclusion.Failure : Conclusion.Success;
        return new StartRunSpec(workflow, branch, eventName, actor, conclusion, WorldLoader.PickCommitMessage(random), Realistic: true,
            PullRequestNumber: eventName == "pull_request" ? PullRequestNumbers.Of(repository, branch) : null, WaitForApproval: true);
    }
}
