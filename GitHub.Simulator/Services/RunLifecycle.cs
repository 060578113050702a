using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// Every change to runs goes through here (scenario, control API, REST re-run and cancel): it changes the world under
/// its lock, renders each webhook at the moment of its change, and queues the deliveries after the lock is released.
/// </summary>
public sealed class RunLifecycle(World world, WebhookSender sender, SimulatorUrls urls, TimeProvider time, IOptionsMonitor<SimulatorOptions> options)
{
    /// <summary>Starts the run <paramref name="chooseSpec"/> picks (under the world's lock); null when it picks none.</summary>
    public WorkflowRun? Start(Func<World, StartRunSpec?> chooseSpec)
    {
        ArgumentNullException.ThrowIfNull(chooseSpec);
        var outgoing = new List<OutgoingWebhook>();
        WorkflowRun run;
        lock (world.Sync)
        {
            if (chooseSpec(world) is not { } spec)
            {
                return null;
            }
            run = RunProgression.Start(world, spec, time.GetUtcNow(), Collect(outgoing));
        }
        sender.Enqueue(outgoing);
        return run;
    }

    public bool Advance(WorkflowRun run) => Change(emit => RunProgression.Advance(world, run, time.GetUtcNow(), emit));

    public bool Complete(WorkflowRun run, string conclusion) => Change(emit => RunProgression.Complete(world, run, conclusion, time.GetUtcNow(), emit));

    public bool Cancel(WorkflowRun run, Account by) => Change(emit => RunProgression.Cancel(run, by, time.GetUtcNow(), emit));

    public bool Review(WorkflowRun run, bool approved, Account reviewer) =>
        Change(emit => RunProgression.Review(world, run, approved, reviewer, time.GetUtcNow(), emit));

    public RerunOutcome Rerun(WorkflowRun run, RerunScope scope, WorkflowJob? job, Account by) =>
        Change(emit => RunProgression.Rerun(world, run, scope, job, by, time.GetUtcNow(), emit));

    /// <summary>Runs <paramref name="read"/> under the world's lock (for rendering a consistent snapshot).</summary>
    public T Read<T>(Func<World, T> read)
    {
        lock (world.Sync)
        {
            return read(world);
        }
    }

    /// <summary>
    /// The deliveries that would have told a receiver about the finished runs created before <paramref name="before"/>:
    /// <c>workflow_job</c> completed for every job of every attempt, then <c>workflow_run</c> completed, run by run in
    /// time order, each rendered as the run is now (its latest attempt).
    /// </summary>
    public IReadOnlyList<OutgoingWebhook> RenderHistory(DateTimeOffset before)
    {
        var outgoing = new List<OutgoingWebhook>();
        lock (world.Sync)
        {
            foreach (var run in world.Runs.Where(r => r.IsCompleted && r.CreatedAt < before).OrderBy(r => r.Id))
            {
                foreach (var job in run.Jobs.Where(j => j.IsCompleted))
                {
                    outgoing.AddRange(Render(new RunTransition("workflow_job", "completed", run, job, run.TriggeringActor)) is { } w ? [w] : []);
                }
                outgoing.AddRange(Render(new RunTransition("workflow_run", "completed", run, null, run.TriggeringActor)) is { } r ? [r] : []);
            }
        }
        return outgoing;
    }

    private T Change<T>(Func<Action<RunTransition>, T> change)
    {
        var outgoing = new List<OutgoingWebhook>();
        T result;
        lock (world.Sync)
        {
            result = change(Collect(outgoing));
        }
        sender.Enqueue(outgoing);
        return result;
    }

    private Action<RunTransition> Collect(List<OutgoingWebhook> outgoing) => transition =>
    {
        if (Render(transition) is { } webhook)
        {
            outgoing.Add(webhook);
        }
    };

    private OutgoingWebhook? Render(RunTransition transition)
    {
        var run = transition.Run;
        var repository = run.Repository;
        // GitHub App webhooks only come from accounts the app is installed on.
        if (world.InstallationOn(repository.Owner) is not { } installation)
        {
            return null;
        }
        var b = urls.ForBackground();
        JsonObject payload;
        switch (transition.Event)
        {
            case "push":
                if (!options.CurrentValue.Delivery.SendPush)
                {
                    return null;
                }
                payload = WebhookPayloads.Push(run, world.RandomHex(40), transition.Sender, installation, b);
                break;
            case "workflow_run":
                payload = WebhookPayloads.WorkflowRun(transition.Action, run, transition.Sender, installation, b);
                break;
            case "workflow_job":
                payload = WebhookPayloads.WorkflowJob(transition.Action, transition.Job!, transition.Sender, installation, b);
                break;
            default:
                return null;
        }
        var body = GitHubJson.Serialize(payload);
        return new OutgoingWebhook(transition.Event, transition.Action.Length == 0 ? null : transition.Action, body, repository.FullName, run.Id,
            transition.Job?.Id);
    }
}
