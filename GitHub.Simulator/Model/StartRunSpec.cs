namespace GitHub.Simulator.Model;

public sealed record StartRunSpec(Workflow Workflow, string Branch, string Event, Account Actor, string PlannedConclusion, string CommitMessage);
