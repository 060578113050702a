namespace ActionsDashboard.Bench.Shared;

/// <summary>
/// The repository the benches post webhooks for, as the simulator's default world has it (GitHub.Simulator's
/// WorldDefinition.CreateDefault): the hub and the read model match events by GitHub's repository id, so a bench must
/// post the simulator's id, not the sample payload's.
/// </summary>
internal static class SimulatorWorld
{
    public const string Repository = "octo-org/octo-repo";

    public const long RepositoryId = 217723378;
}
