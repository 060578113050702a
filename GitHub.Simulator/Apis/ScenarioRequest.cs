namespace GitHub.Simulator.Apis;

public sealed record ScenarioRequest(bool Enabled);
