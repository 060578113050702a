namespace GitHub.Simulator.Model;

/// <summary>
/// How a run moves: queued → in_progress → completed, its jobs one after the other, one step per
/// <see cref="Advance"/>. Callers hold <see cref="World.Sync"/>; every change is reported to <c>emit</c> as it
/// happens, so a webhook payload rendered there shows the state of that moment.
/// </summary>
public static class RunProgression
{
    public static WorkflowRun Start(World world, StartRunSpec spec, DateTimeOffset now, Action<RunTransition> emit)
    {
        var run = world.AddRun(spec.Workflow, spec.Branch, spec.Event, spec.Actor, spec.CommitMessage, now);
        run.PullRequestNumber = spec.PullRequestNumber;
        run.Inputs = spec.Inputs;
        if (spec.WaitForApproval && spec.Workflow.Environment is { Reviewers.Count: > 0 } environment)
        {
            run.Status = RunStatus.Waiting;
            run.PendingEnvironment = environment;
            run.WaitingSince = now;
        }
        if (spec.Event == "push")
        {
            emit(new RunTransition("push", "", run, null, spec.Actor));
        }
        emit(new RunTransition("workflow_run", "requested", run, null, spec.Actor));
        AddJobs(world, run, run.Workflow.Jobs, spec.PlannedConclusion, spec.Realistic, now, emit);
        return run;
    }

    /// <summary>One step: start the run or the next job, or finish the current step (and with it maybe the job and the run).</summary>
    public static bool Advance(World world, WorkflowRun run, DateTimeOffset now, Action<RunTransition> emit)
    {
        // A run waiting for a reviewer does not move until one approves or rejects it (Review).
        if (run.IsCompleted || run.Status == RunStatus.Waiting)
        {
            return false;
        }
        run.UpdatedAt = now;
        var sender = run.TriggeringActor;
        if (run.Status == RunStatus.Queued)
        {
            run.Status = RunStatus.InProgress;
            emit(new RunTransition("workflow_run", "in_progress", run, null, sender));
            if (run.CurrentJobs.FirstOrDefault(j => j.Status == RunStatus.Queued) is { } first && HasRunner(first, now))
            {
                StartJob(first, now, emit);
            }
            return true;
        }

        var current = run.CurrentJobs.FirstOrDefault(j => j.Status == RunStatus.InProgress);
        if (current is null)
        {
            if (run.CurrentJobs.FirstOrDefault(j => j.Status == RunStatus.Queued) is { } next)
            {
                // A job on a slow runner label stays queued until a runner picks it up.
                if (HasRunner(next, now))
                {
                    StartJob(next, now, emit);
                }
            }
            else
            {
                FinishRun(run, null, now, emit);
            }
            return true;
        }

        var step = current.Steps.First(s => s.Status == RunStatus.InProgress);
        if (current.FailAtStep == step.Number)
        {
            CompleteStep(step, Conclusion.Failure, now);
            current.Failure = FailureCatalog.For(current, step, world.Random);
            // After a failure GitHub skips the remaining steps but still runs the job's clean-up.
            foreach (var remaining in current.Steps.Where(s => !IsDone(s)))
            {
                CompleteStep(remaining, remaining == current.Steps[^1] ? Conclusion.Success : Conclusion.Skipped, now);
            }
            FinishJob(current, Conclusion.Failure, now, emit);
        }
        else
        {
            CompleteStep(step, Conclusion.Success, now);
            if (current.Steps.FirstOrDefault(s => s.Status == RunStatus.Queued) is { } nextStep)
            {
                nextStep.Status = RunStatus.InProgress;
                nextStep.StartedAt = now;
                return true;
            }
            FinishJob(current, Conclusion.Success, now, emit);
        }
        if (run.CurrentJobs.All(j => j.IsCompleted))
        {
            FinishRun(run, null, now, emit);
        }
        return true;
    }

    /// <summary>Runs everything left to its end at once; <paramref name="conclusion"/> decides the run's conclusion.</summary>
    public static bool Complete(World world, WorkflowRun run, string conclusion, DateTimeOffset now, Action<RunTransition> emit)
    {
        if (run.IsCompleted)
        {
            return false;
        }
        if (conclusion == Conclusion.Cancelled)
        {
            return Cancel(run, run.TriggeringActor, now, emit);
        }
        run.UpdatedAt = now;
        run.PendingEnvironment = null;
        if (run.Status is RunStatus.Queued or RunStatus.Waiting)
        {
            run.Status = RunStatus.InProgress;
            emit(new RunTransition("workflow_run", "in_progress", run, null, run.TriggeringActor));
        }
        var unfinished = run.CurrentJobs.Where(j => !j.IsCompleted).ToList();
        for (var index = 0; index < unfinished.Count; index++)
        {
            var job = unfinished[index];
            if (job.Status == RunStatus.Queued)
            {
                StartJob(job, now, emit);
            }
            // The last job carries a failure (or another non-success conclusion) when one is asked for.
            var jobConclusion = index == unfinished.Count - 1 && conclusion != Conclusion.Success ? conclusion : Conclusion.Success;
            foreach (var step in job.Steps.Where(s => !IsDone(s)))
            {
                var failing = jobConclusion != Conclusion.Success && step.Number == job.Steps[^2].Number;
                CompleteStep(step, failing ? jobConclusion : Conclusion.Success, now);
                if (failing && jobConclusion == Conclusion.Failure)
                {
                    job.Failure = FailureCatalog.For(job, step, world.Random);
                }
            }
            FinishJob(job, jobConclusion, now, emit);
        }
        FinishRun(run, conclusion, now, emit);
        return true;
    }

    /// <summary>
    /// Plays every unfinished job of the current attempt to its end from <paramref name="start"/>, one after another, with
    /// step durations like a real runner's (a build takes a minute, setting up a job seconds) and each job waiting for its
    /// runner as planned; then finishes the run. The history is made this way. Returns when the run ended.
    /// </summary>
    public static DateTimeOffset PlayOut(World world, WorkflowRun run, DateTimeOffset start, Action<RunTransition> emit)
    {
        var random = world.Random;
        var t = start.AddSeconds(2 + random.Next(5));
        if (run.Status == RunStatus.Queued)
        {
            run.Status = RunStatus.InProgress;
            run.UpdatedAt = t;
            emit(new RunTransition("workflow_run", "in_progress", run, null, run.TriggeringActor));
        }
        foreach (var job in run.CurrentJobs.Where(j => !j.IsCompleted).ToList())
        {
            // A job is queued when the one before it ends (as with needs:), then waits for its runner.
            job.CreatedAt = t;
            t += job.RunnerWait;
            StartJob(job, t, emit);
            var failed = false;
            foreach (var step in job.Steps)
            {
                if (failed && step != job.Steps[^1])
                {
                    CompleteStep(step, Conclusion.Skipped, t);
                    continue;
                }
                step.Status = RunStatus.InProgress;
                step.StartedAt = t;
                t = t.AddSeconds(TypicalSeconds(step.Name, random));
                if (job.FailAtStep == step.Number)
                {
                    CompleteStep(step, Conclusion.Failure, t);
                    job.Failure = FailureCatalog.For(job, step, random);
                    failed = true;
                }
                else
                {
                    CompleteStep(step, Conclusion.Success, t);
                }
                t = t.AddSeconds(1);
            }
            FinishJob(job, failed ? Conclusion.Failure : Conclusion.Success, t, emit);
            t = t.AddSeconds(1 + random.Next(4));
        }
        FinishRun(run, null, t, emit);
        return t;
    }

    private static double TypicalSeconds(string step, Random random)
    {
        var name = step.ToLowerInvariant();
        var (low, high) = name switch
        {
            _ when name.Contains("test", StringComparison.Ordinal) => (60, 240),
            _ when name.Contains("build", StringComparison.Ordinal) => (30, 120),
            _ when name.Contains("terraform", StringComparison.Ordinal) => (40, 200),
            _ when name.Contains("lint", StringComparison.Ordinal) => (15, 60),
            "set up .net" => (5, 20),
            _ => (1, 6),
        };
        return low + random.Next(high - low);
    }

    /// <summary>
    /// A reviewer's answer to a waiting run: approved, it goes on (in progress at once); rejected, its first job fails
    /// without running, the rest are skipped, and the run fails ("If a job is rejected, the workflow will fail").
    /// False when the run is not waiting.
    /// </summary>
    public static bool Review(World world, WorkflowRun run, bool approved, Account reviewer, DateTimeOffset now, Action<RunTransition> emit)
    {
        if (run.Status != RunStatus.Waiting)
        {
            return false;
        }
        run.PendingEnvironment = null;
        run.WaitingSince = null;
        run.UpdatedAt = now;
        if (approved)
        {
            run.Status = RunStatus.Queued;
            return Advance(world, run, now, emit);
        }
        var first = true;
        foreach (var job in run.CurrentJobs.Where(j => !j.IsCompleted).ToList())
        {
            job.Status = RunStatus.Completed;
            job.Conclusion = first ? Conclusion.Failure : Conclusion.Skipped;
            job.CompletedAt = now;
            first = false;
            emit(new RunTransition("workflow_job", "completed", run, job, reviewer));
        }
        run.Status = RunStatus.Completed;
        run.Conclusion = Conclusion.Failure;
        emit(new RunTransition("workflow_run", "completed", run, null, reviewer));
        return true;
    }

    /// <summary>Cancels a run that is still going: its unfinished jobs end as cancelled.</summary>
    public static bool Cancel(WorkflowRun run, Account sender, DateTimeOffset now, Action<RunTransition> emit)
    {
        if (run.IsCompleted)
        {
            return false;
        }
        run.UpdatedAt = now;
        foreach (var job in run.CurrentJobs.Where(j => !j.IsCompleted).ToList())
        {
            foreach (var step in job.Steps.Where(s => !IsDone(s)))
            {
                CompleteStep(step, step.Status == RunStatus.InProgress ? Conclusion.Cancelled : Conclusion.Skipped, now);
            }
            job.Status = RunStatus.Completed;
            job.Conclusion = Conclusion.Cancelled;
            job.CompletedAt = now;
            emit(new RunTransition("workflow_job", "completed", run, job, sender));
        }
        run.Status = RunStatus.Completed;
        run.Conclusion = Conclusion.Cancelled;
        run.PendingEnvironment = null;
        emit(new RunTransition("workflow_run", "completed", run, null, sender));
        return true;
    }

    /// <summary>
    /// A new attempt of a completed run (<c>run_attempt</c> + 1, back to queued). Jobs that are not re-run are carried
    /// into the new attempt as they ended, as GitHub shows them.
    /// </summary>
    public static RerunOutcome Rerun(World world, WorkflowRun run, RerunScope scope, WorkflowJob? singleJob, Account actor, DateTimeOffset now,
        Action<RunTransition> emit)
    {
        if (!run.IsCompleted)
        {
            return RerunOutcome.StillRunning;
        }
        var previous = run.CurrentJobs.ToList();
        var rerun = scope switch
        {
            RerunScope.FailedJobs => previous.Where(j => Conclusion.IsFailed(j.Conclusion)).ToHashSet(),
            RerunScope.SingleJob => previous.Where(j => j == singleJob).ToHashSet(),
            _ => previous.ToHashSet(),
        };
        if (rerun.Count == 0)
        {
            return RerunOutcome.NothingToRerun;
        }

        run.RunAttempt++;
        run.Status = RunStatus.Queued;
        run.Conclusion = null;
        run.RunStartedAt = now;
        run.UpdatedAt = now;
        run.TriggeringActor = actor;
        emit(new RunTransition("workflow_run", "requested", run, null, actor));
        foreach (var job in previous)
        {
            if (rerun.Contains(job))
            {
                var again = world.AddJob(run, job.Template, now);
                emit(new RunTransition("workflow_job", "queued", run, again, actor));
                continue;
            }
            var carried = world.AddJob(run, job.Template, job.CreatedAt);
            carried.Status = job.Status;
            carried.Conclusion = job.Conclusion;
            carried.StartedAt = job.StartedAt;
            carried.CompletedAt = job.CompletedAt;
            carried.Steps.AddRange(job.Steps.Select(s => new WorkflowStep
            {
                Name = s.Name,
                Number = s.Number,
                Status = s.Status,
                Conclusion = s.Conclusion,
                StartedAt = s.StartedAt,
                CompletedAt = s.CompletedAt,
            }));
        }
        return RerunOutcome.Started;
    }

    private static void AddJobs(World world, WorkflowRun run, IEnumerable<JobTemplate> templates, string plannedConclusion, bool realistic,
        DateTimeOffset now, Action<RunTransition> emit)
    {
        var jobs = templates.Select(template => world.AddJob(run, template, now)).ToList();
        if (plannedConclusion == Conclusion.Failure && jobs.Count > 0)
        {
            var last = jobs[^1];
            // The step before "Complete job" fails; step numbers start at 1.
            last.FailAtStep = Math.Max(1, last.Template.Steps.Count - 1);
        }
        if (realistic)
        {
            foreach (var job in jobs)
            {
                if (job.FailAtStep is null && job.Template.FlakyRate > 0 && world.Random.NextDouble() < job.Template.FlakyRate)
                {
                    job.FailAtStep = Math.Max(1, job.Template.Steps.Count - 1);
                    job.Flaky = true;
                }
                var wait = world.TypicalQueueWait(job.Labels);
                if (wait > TimeSpan.Zero)
                {
                    job.RunnerWait = wait * (0.5 + world.Random.NextDouble());
                }
            }
        }
        foreach (var job in jobs)
        {
            emit(new RunTransition("workflow_job", "queued", run, job, run.TriggeringActor));
        }
    }

    /// <summary>
    /// Whether a runner has picked the job up: its <see cref="WorkflowJob.RunnerWait"/> counts from the first time it was
    /// next, and a job for <c>self-hosted</c> in a repository with runners of its own also needs one of them online, idle
    /// and matching its labels (else it stays queued, as on GitHub).
    /// </summary>
    private static bool HasRunner(WorkflowJob job, DateTimeOffset now)
    {
        job.ReadyAt ??= now;
        return job.ReadyAt.Value + job.RunnerWait <= now && SelfHostedRunnerFree(job);
    }

    private static bool SelfHostedRunnerFree(WorkflowJob job)
    {
        var repository = job.Run.Repository;
        if (repository.Runners.Count == 0 || !job.Labels.Contains("self-hosted", StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        var busy = World.BusyRunners(repository);
        return repository.Runners.Any(runner => runner.Online && !busy.Contains(runner) && runner.Accepts(job.Labels));
    }

    private static void StartJob(WorkflowJob job, DateTimeOffset now, Action<RunTransition> emit)
    {
        job.Status = RunStatus.InProgress;
        job.StartedAt = now;
        job.Steps.Clear();
        for (var index = 0; index < job.Template.Steps.Count; index++)
        {
            job.Steps.Add(new WorkflowStep
            {
                Name = job.Template.Steps[index],
                Number = index + 1,
                Status = index == 0 ? RunStatus.InProgress : RunStatus.Queued,
                StartedAt = index == 0 ? now : null,
            });
        }
        emit(new RunTransition("workflow_job", "in_progress", job.Run, job, job.Run.TriggeringActor));
    }

    private static void FinishJob(WorkflowJob job, string conclusion, DateTimeOffset now, Action<RunTransition> emit)
    {
        job.Status = RunStatus.Completed;
        job.Conclusion = conclusion;
        job.CompletedAt = now;
        emit(new RunTransition("workflow_job", "completed", job.Run, job, job.Run.TriggeringActor));
    }

    private static void FinishRun(WorkflowRun run, string? conclusion, DateTimeOffset now, Action<RunTransition> emit)
    {
        var jobs = run.CurrentJobs.ToList();
        run.Status = RunStatus.Completed;
        run.Conclusion = conclusion
            ?? (jobs.Any(j => j.Conclusion == Conclusion.Failure) ? Conclusion.Failure
                : jobs.Any(j => j.Conclusion == Conclusion.Cancelled) ? Conclusion.Cancelled
                : Conclusion.Success);
        run.UpdatedAt = now;
        emit(new RunTransition("workflow_run", "completed", run, null, run.TriggeringActor));
    }

    private static void CompleteStep(WorkflowStep step, string conclusion, DateTimeOffset now)
    {
        step.Status = RunStatus.Completed;
        step.Conclusion = conclusion;
        if (conclusion != Conclusion.Skipped)
        {
            step.StartedAt ??= now;
            step.CompletedAt = now;
        }
    }

    private static bool IsDone(WorkflowStep step) => step.Status == RunStatus.Completed;
}
