namespace GitHub.Simulator.Model;

/// <summary>One change GitHub would announce with a webhook, reported at the moment it happens.</summary>
/// <param name="Event"><c>push</c>, <c>workflow_run</c> or <c>workflow_job</c>.</param>
/// <param name="Action">The payload's <c>action</c> (empty for <c>push</c>).</param>
/// <param name="Sender">Who caused it (the payload's <c>sender</c>).</param>
public sealed record RunTransition(string Event, string Action, WorkflowRun Run, WorkflowJob? Job, Account Sender);
