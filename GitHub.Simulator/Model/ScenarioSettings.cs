namespace GitHub.Simulator.Model;

/// <summary>The background scenario that keeps workflow runs going (the demo mode turns it on).</summary>
public sealed class ScenarioSettings
{
    public bool Enabled { get; set; }

    /// <summary>Seconds between two steps of the scenario.</summary>
    public double StepSeconds { get; set; } = 5;

    /// <summary>A new run starts every this many steps (and whenever nothing is running).</summary>
    public int NewRunEverySteps { get; set; } = 3;

    public int MaxActiveRuns { get; set; } = 4;

    /// <summary>Share of scenario runs that end in failure.</summary>
    public double FailureRate { get; set; } = 0.2;

    /// <summary>
    /// Deliver the history (<see cref="WorldDefinition.HistoryDays"/>) as webhooks once the receiver answers, so a
    /// dashboard's read model holds past jobs too (the runs API alone gives it only runs). GitHub sends no webhooks for the
    /// past; this is the demo's way of having been installed for a while.
    /// </summary>
    public bool ReplayHistory { get; set; }

    /// <summary>Seed of the world's random choices; unset: a different world history on each start.</summary>
    public int? Seed { get; set; }
}
