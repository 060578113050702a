namespace GitHub.Simulator.Model;

/// <summary>An environment with a protection rule: its required reviewers (users) and wait timer in minutes.</summary>
public sealed record DeploymentEnvironment(long Id, string Name, IReadOnlyList<Account> Reviewers, int WaitTimer);
