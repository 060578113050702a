namespace GitHub.Simulator.Apis;

public sealed record StartRunRequest(string? Repository, long? WorkflowId, string? Branch, string? Event, string? Actor, string? Conclusion);
