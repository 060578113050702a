using ActionsDashboard.IntegrationEvents;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GitHubProxy.Api.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// GitHub neither orders nor de-duplicates deliveries. Whatever order a run's events arrive in, with copies redelivered
/// in between, the read model (real PostgreSQL, the upsert's own comparison) ends on the run's latest state: the highest
/// attempt, within it the latest update, within that the furthest status. Generated with FsCheck.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class RunOrderingProperties(GitHubProxyFixture fixture)
{
    private static readonly RepositoryReference OctoRepo = new(217723378, "octo-org/octo-repo", "octo-org", "octo-repo");
    private static long _nextRunId = 770_000_000 + Random.Shared.Next(1_000_000);

    [Property(MaxTest = 60)]
    public Property A_run_ends_on_its_latest_state_whatever_order_and_copies_its_events_arrive_in()
    {
        // A run's life: 1 to 3 attempts, each queued → in_progress → completed; sometimes two events share a time.
        var history = from attempts in Gen.Choose(1, 3)
                      from sameTime in Gen.Elements(false, true)
                      select Life(attempts, sameTime);
        var arrival = from events in history
                      from order in Gen.Shuffle(Enumerable.Range(0, events.Count).ToArray())
                      from copies in Gen.ListOf(Gen.Choose(0, events.Count - 1))
                      select (Events: events, Arrivals: order.Concat(copies.Take(4)).ToArray());
        return Prop.ForAll(arrival.ToArbitrary(), @case => ApplyAndReadAsync(@case.Events, @case.Arrivals).GetAwaiter().GetResult());
    }

    private async Task<bool> ApplyAndReadAsync(IReadOnlyList<WorkflowRunChanged> events, int[] arrivals)
    {
        var store = fixture.Proxy.Services.GetRequiredService<ReadModelStore>();
        foreach (var index in arrivals)
        {
            await store.ApplyRunEventAsync(WorkflowRunChangedHandler.Consumer, events[index].Id, events[index].ToRecord(DateTimeOffset.UtcNow),
                CancellationToken.None);
        }

        var latest = events[^1];
        var row = (await fixture.QueryAsync("SELECT run_attempt, status, conclusion, updated_at FROM workflow_runs WHERE id = @id",
            r => (Attempt: r.GetInt32(0), Status: r.GetString(1), Conclusion: r.IsDBNull(2) ? null : r.GetString(2),
                UpdatedAt: r.GetFieldValue<DateTimeOffset>(3).ToUnixTimeMilliseconds()),
            ("id", latest.RunId))).Single();
        return row == (latest.RunAttempt, latest.Status, latest.Conclusion, latest.UpdatedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>The run's events in the order GitHub sent them; the last is its latest state.</summary>
    private static List<WorkflowRunChanged> Life(int attempts, bool sameTime)
    {
        var runId = Interlocked.Increment(ref _nextRunId);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var events = new List<WorkflowRunChanged>();
        var minute = 0;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            foreach (var status in new[] { "queued", "in_progress", "completed" })
            {
                // Same-time events are told apart by the status rank alone.
                minute += sameTime && status == "completed" ? 0 : 1;
                events.Add(new WorkflowRunChanged
                {
                    DeliveryId = Guid.NewGuid().ToString(),
                    Action = status == "queued" ? "requested" : status,
                    Repository = OctoRepo,
                    RunId = runId,
                    RunAttempt = attempt,
                    RunNumber = runId % 1000,
                    WorkflowId = 161335,
                    Name = "CI",
                    Event = "push",
                    HeadBranch = "main",
                    HeadSha = "0123456789abcdef0123456789abcdef01234567",
                    Status = status,
                    Conclusion = status == "completed" ? (attempt == attempts ? "success" : "failure") : null,
                    CreatedAt = start,
                    StartedAt = status == "queued" ? null : start.AddMinutes(minute),
                    UpdatedAt = start.AddMinutes(minute),
                    HtmlUrl = $"https://github.com/octo-org/octo-repo/actions/runs/{runId}",
                });
            }
        }

        return events;
    }
}
