using ActionsDashboard.TestInfrastructure;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>
/// What leaves the hub on <c>/events</c> and on <c>/ws</c> is the contract's JSON exactly (ActionsDashboard.Contracts'
/// mapping written with <see cref="ContractJson"/>, which GitHubProxy.Api's REST answers use too): same fields, times in
/// UTC with a Z even when the event carried another offset, unicode and long texts intact.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class ContractWireTests(RealtimeFixture fixture)
{
    private static readonly JsonSerializerOptions Contract = ContractJson.CreateOptions();

    [Fact]
    public async Task Runs_and_jobs_arrive_on_both_transports_as_the_contract_writes_them()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        var run = Events.Run(repository) with
        {
            Name = "Déploiement 🚀 — ビルド",
            CommitMessage = string.Concat(Enumerable.Repeat("Fix 🐛, עברית, e\u0301. ", 2_000)),
            CreatedAt = new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.FromHours(2)),
        };
        var job = Events.Job(repository);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await client.InvokeAsync("Subscribe", (object)new[] { repository });

        await fixture.PublishAsync(run);
        await fixture.PublishAsync(job);
        var sseRun = await stream.NextAsync();
        var sseJob = await stream.NextAsync();
        var wsRun = await client.WaitForInvocationAsync("run");
        var wsJob = await client.WaitForInvocationAsync("job");

        var expectedRun = JsonSerializer.SerializeToNode(run.ToRun(), Contract);
        var expectedJob = JsonSerializer.SerializeToNode(job.ToJob(), Contract);
        Assert.True(JsonNode.DeepEquals(expectedRun, sseRun.Json["run"]), $"/events run: {sseRun.Json["run"]}");
        Assert.True(JsonNode.DeepEquals(expectedRun, wsRun["run"]), $"/ws run: {wsRun["run"]}");
        Assert.True(JsonNode.DeepEquals(expectedJob, sseJob.Json["job"]), $"/events job: {sseJob.Json["job"]}");
        Assert.True(JsonNode.DeepEquals(expectedJob, wsJob["job"]), $"/ws job: {wsJob["job"]}");
        Assert.Equal("2026-11-22T05:00:00Z", (string?)wsRun["run"]!["createdAt"]);
    }
}
