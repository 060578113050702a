namespace GitHub.Simulator.Model;

/// <param name="Realistic">Jobs may flake (<see cref="JobDefinition.FlakyRate"/>) and wait for slow runners
/// (<see cref="WorldDefinition.QueueMinutes"/>): the scenario's and the history's runs. Runs the control API starts do
/// exactly what the caller planned.</param>
/// <param name="WaitForApproval">When the workflow deploys to a protected environment, the run waits for a reviewer first.</param>
/// <param name="PullRequestNumber">The pull request a <c>pull_request</c> run belongs to.</param>
public sealed record StartRunSpec(Workflow Workflow, string Branch, string Event, Account Actor, string PlannedConclusion, string CommitMessage,
    bool Realistic = false, int? PullRequestNumber = null, bool WaitForApproval = false, IReadOnlyDictionary<string, string>? Inputs = null);
