using System.Text.Json.Nodes;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>A webhook delivery (<c>workflow_run</c> or <c>workflow_job</c>) and what it is a case of.</summary>
public sealed record ContractCase(string Name, string EventName, JsonObject Payload)
{
    public override string ToString() => Name;
}
