using System.Text.Json;
using ActionsDashboard.IntegrationEvents;
using Alerts.Api.Infrastructure;
using Alerts.Api.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Alerts.Api.Services;

/// <summary>
/// Turns run and job events into deliveries: judges the transition (failure, recovery) against the stored history of
/// the workflow on that branch, watches queued runs and jobs for <see cref="QueuedRunScanner"/>, finds the rules that
/// match and whose owner can still see the repository, and stores one delivery per rule, run attempt and transition
/// (a repeat is a no-op by the unique key). Any failure throws, so the event bus redelivers the event.
/// </summary>
public sealed partial class AlertEvaluator(IDbContextFactory<AlertsDbContext> databases, NpgsqlDataSource dataSource, AccessLists accessLists, TeamMemberships teams,
    DeliverySignal signal, TimeProvider time, ILogger<AlertEvaluator> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task OnRunAsync(WorkflowRunChanged run, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (run.DefaultBranch is { Length: > 0 } defaultBranch)
        {
            await ExecuteAsync("""
                INSERT INTO repositories (id, full_name, default_branch, updated_at) VALUES (@id, @name, @branch, @now)
                ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, default_branch = excluded.default_branch, updated_at = excluded.updated_at
                """, cancellationToken, ("id", run.Repository.Id), ("name", run.Repository.FullName), ("branch", (object)defaultBranch), ("now", now));
        }

        var attempt = Math.Max(run.RunAttempt, 1);
        if (run.Status is "queued" or "requested" or "waiting" or "pending")
        {
            await WatchAsync(new QueuedWatch
            {
                RunId = run.RunId, RunAttempt = attempt, JobId = 0, RepositoryId = run.Repository.Id, Repository = run.Repository.FullName,
                WorkflowName = run.WorkflowName, WorkflowPath = run.WorkflowPath, Name = run.Name, Branch = run.HeadBranch, RunNumber = run.RunNumber,
                HtmlUrl = run.HtmlUrl, QueuedAt = (run.StartedAt ?? run.CreatedAt).ToUniversalTime(),
            }, cancellationToken);
            return;
        }

        // Started or finished: no longer queued (a completed run's jobs neither).
        await ExecuteAsync(run.Status == "completed"
                ? "DELETE FROM queued_watches WHERE run_id = @run AND run_attempt = @attempt"
                : "DELETE FROM queued_watches WHERE run_id = @run AND run_attempt = @attempt AND job_id = 0",
            cancellationToken, ("run", run.RunId), ("attempt", attempt));

        if (run.Status != "completed" || !(run.Conclusion == "success" || AlertTransitions.IsFailing(run.Conclusion)))
        {
            return;
        }

        var transition = await JudgeAsync(run, attempt, now, cancellationToken);
        if (transition is null)
        {
            return;
        }

        var branchDefault = run.DefaultBranch ?? await DefaultBranchAsync(run.Repository.Id, cancellationToken);
        var facts = new AlertFacts
        {
            Transition = transition, Repository = run.Repository.FullName, Workflow = run.WorkflowName ?? run.Name, Branch = run.HeadBranch,
            RunId = run.RunId, RunAttempt = attempt, RunNumber = run.RunNumber, Name = run.Name, Conclusion = run.Conclusion,
            Actor = run.TriggeringActor ?? run.Actor, HeadSha = run.HeadSha, HtmlUrl = run.HtmlUrl, OccurredAt = run.UpdatedAt,
        };
        var rules = await RulesForAsync(run.Repository.FullName, cancellationToken);
        var stored = 0;
        foreach (var rule in rules.Where(r => r.Events.Contains(transition)
                     && RuleMatching.Matches(r, run.HeadBranch, branchDefault, [run.WorkflowName, run.Name, run.WorkflowPath])))
        {
            if (await AppliesAsync(rule, run.Repository.FullName, run.Repository.Id, cancellationToken))
            {
                stored += await StoreAsync(rule, facts, now, cancellationToken);
            }
        }

        if (stored > 0)
        {
            signal.Notify();
        }
    }

    public async Task OnJobAsync(WorkflowJobChanged job, CancellationToken cancellationToken)
    {
        var attempt = Math.Max(job.RunAttempt ?? 1, 1);
        if (job.Status is "queued" or "waiting" or "pending")
        {
            await WatchAsync(new QueuedWatch
            {
                RunId = job.RunId, RunAttempt = attempt, JobId = job.JobId, RepositoryId = job.Repository.Id, Repository = job.Repository.FullName,
                WorkflowName = job.WorkflowName, Name = job.Name, Branch = job.HeadBranch, HtmlUrl = job.HtmlUrl,
                QueuedAt = (job.QueuedAt ?? time.GetUtcNow()).ToUniversalTime(),
            }, cancellationToken);
            return;
        }

        await ExecuteAsync("DELETE FROM queued_watches WHERE run_id = @run AND run_attempt = @attempt AND job_id = @job", cancellationToken,
            ("run", job.RunId), ("attempt", attempt), ("job", job.JobId));
    }

    /// <summary>Stores the queued alerts that are due: each watched run or job against each rule's own threshold.</summary>
    public async Task<int> ScanQueuedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Nothing can be due after the longest threshold (1440 minutes).
        await ExecuteAsync("DELETE FROM queued_watches WHERE queued_at < @oldest", cancellationToken, ("oldest", now.AddMinutes(-1441)));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var dueFrom = now.AddMinutes(-1);
        var watches = await db.QueuedWatches.AsNoTracking().Where(w => w.QueuedAt <= dueFrom).OrderBy(w => w.QueuedAt).Take(500)
            .ToListAsync(cancellationToken);
        var stored = 0;
        foreach (var group in watches.GroupBy(w => w.RepositoryId))
        {
            var first = group.First();
            var rules = (await RulesForAsync(first.Repository, cancellationToken)).Where(r => r.Events.Contains(AlertTransitions.Queued)).ToList();
            if (rules.Count == 0)
            {
                continue;
            }

            var defaultBranch = await DefaultBranchAsync(first.RepositoryId, cancellationToken);
            foreach (var watch in group)
            {
                foreach (var rule in rules.Where(r => watch.QueuedAt.AddMinutes(r.QueuedMinutes ?? 0) <= now
                             && RuleMatching.Matches(r, watch.Branch, defaultBranch, [watch.WorkflowName, watch.WorkflowPath, watch.JobId == 0 ? watch.Name : null])))
                {
                    if (!await AppliesAsync(rule, watch.Repository, watch.RepositoryId, cancellationToken))
                    {
                        continue;
                    }

                    stored += await StoreAsync(rule, new AlertFacts
                    {
                        Transition = AlertTransitions.Queued, Repository = watch.Repository, Workflow = watch.WorkflowName, Branch = watch.Branch,
                        RunId = watch.RunId, RunAttempt = watch.RunAttempt, RunNumber = watch.RunNumber, Name = watch.Name, HtmlUrl = watch.HtmlUrl,
                        QueuedMinutes = rule.QueuedMinutes, OccurredAt = now,
                    }, now, cancellationToken);
                }
            }
        }

        if (stored > 0)
        {
            signal.Notify();
        }

        return stored;
    }

    /// <summary>
    /// Failure for a failing conclusion; recovery for a success whose previous completed run (of this workflow on this branch)
    /// failed. The history moves forward only (by run id, then attempt); a redelivered copy of the last run is judged against
    /// the conclusion before it, so it gets the same answer as the first copy did.
    /// </summary>
    private async Task<string?> JudgeAsync(WorkflowRunChanged run, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var key = new (string, object)[] { ("repo", run.Repository.Id), ("workflow", run.WorkflowId), ("branch", run.HeadBranch ?? "") };
        string? previous = null;
        await using (var insert = Command(connection, """
            INSERT INTO run_states (repository_id, workflow_id, branch, last_run_id, last_run_attempt, last_conclusion, previous_conclusion, updated_at)
            VALUES (@repo, @workflow, @branch, @run, @attempt, @conclusion, NULL, @now) ON CONFLICT DO NOTHING
            """, [.. key, ("run", run.RunId), ("attempt", attempt), ("conclusion", run.Conclusion!), ("now", now)]))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var select = Command(connection, """
                    SELECT last_run_id, last_run_attempt, last_conclusion, previous_conclusion FROM run_states
                    WHERE repository_id = @repo AND workflow_id = @workflow AND branch = @branch FOR UPDATE
                    """, key);
                long lastRun;
                int lastAttempt;
                string lastConclusion;
                string? previousConclusion;
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
                {
                    await reader.ReadAsync(cancellationToken);
                    (lastRun, lastAttempt, lastConclusion) = (reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2));
                    previousConclusion = reader.IsDBNull(3) ? null : reader.GetString(3);
                }

                if (run.RunId == lastRun && attempt == lastAttempt)
                {
                    previous = previousConclusion;
                }
                else if (run.RunId > lastRun || run.RunId == lastRun && attempt > lastAttempt)
                {
                    previous = lastConclusion;
                    await using var update = Command(connection, """
                        UPDATE run_states SET previous_conclusion = last_conclusion, last_run_id = @run, last_run_attempt = @attempt,
                            last_conclusion = @conclusion, updated_at = @now
                        WHERE repository_id = @repo AND workflow_id = @workflow AND branch = @branch
                        """, [.. key, ("run", run.RunId), ("attempt", attempt), ("conclusion", run.Conclusion!), ("now", now)]);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return AlertTransitions.IsFailing(run.Conclusion) ? AlertTransitions.Failure
            : AlertTransitions.IsFailing(previous) ? AlertTransitions.Recovery
            : null;
    }

    private async Task<List<AlertRule>> RulesForAsync(string fullName, CancellationToken cancellationToken)
    {
        var (repository, owner) = RuleMatching.Keys(fullName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Rules.AsNoTracking().Where(r => r.RepositoryKey == repository || r.RepositoryKey == owner).ToListAsync(cancellationToken);
    }

    private async Task<string?> DefaultBranchAsync(long repositoryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Repositories.AsNoTracking().Where(r => r.Id == repositoryId).Select(r => r.DefaultBranch).FirstOrDefaultAsync(cancellationToken);
    }

    private Task WatchAsync(QueuedWatch watch, CancellationToken cancellationToken) => ExecuteAsync("""
        INSERT INTO queued_watches (run_id, run_attempt, job_id, repository_id, repository, workflow_name, workflow_path, name, branch, run_number, html_url, queued_at)
        VALUES (@run, @attempt, @job, @repoId, @repo, @workflowName, @workflowPath, @name, @branch, @runNumber, @url, @queuedAt)
        ON CONFLICT DO NOTHING
        """, cancellationToken, ("run", watch.RunId), ("attempt", watch.RunAttempt), ("job", watch.JobId), ("repoId", watch.RepositoryId),
        ("repo", watch.Repository), ("workflowName", (object?)watch.WorkflowName ?? DBNull.Value), ("workflowPath", (object?)watch.WorkflowPath ?? DBNull.Value),
        ("name", watch.Name), ("branch", (object?)watch.Branch ?? DBNull.Value), ("runNumber", (object?)watch.RunNumber ?? DBNull.Value),
        ("url", (object?)watch.HtmlUrl ?? DBNull.Value), ("queuedAt", watch.QueuedAt));

    /// <summary>
    /// Whether the rule may fire for the repository: its owner (a team rule: the member who saved it last) can still see the
    /// repository and, for a team rule, is still in the team. One check per rule, so a team rule alerts once, not per member.
    /// </summary>
    private async Task<bool> AppliesAsync(AlertRule rule, string repository, long repositoryId, CancellationToken cancellationToken)
    {
        var who = AlertedFor(rule);
        if (!await accessLists.GrantsAsync(who, repository, repositoryId, cancellationToken))
        {
            LogNoAccess(rule.Id, who, repository);
            return false;
        }

        if (rule.Team is { } team && !await teams.IsMemberAsync(who, team, cancellationToken))
        {
            LogNotInTeam(rule.Id, who, team);
            return false;
        }

        return true;
    }

    /// <summary>Whose rights a rule fires with: its owner's, or for a team rule, those of the member who saved it last.</summary>
    private static long AlertedFor(AlertRule rule) => rule.Team is null ? rule.OwnerId : rule.SavedBy;

    /// <summary>Stores the delivery unless this rule already has one for the run attempt and transition; 1 when stored.</summary>
    private async Task<int> StoreAsync(AlertRule rule, AlertFacts facts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = Command(connection, """
            INSERT INTO deliveries (id, rule_id, owner_id, team, rule_name, transition, repository, run_id, run_attempt, alert, status, attempts, next_attempt_at, created_at)
            VALUES (@id, @rule, @owner, @team, @ruleName, @transition, @repo, @run, @attempt, @alert, 'pending', 0, @now, @now)
            ON CONFLICT (rule_id, run_id, run_attempt, transition) DO NOTHING
            """, ("id", Guid.CreateVersion7()), ("rule", rule.Id), ("owner", AlertedFor(rule)), ("team", (object?)rule.Team ?? DBNull.Value),
            ("ruleName", rule.Name), ("transition", facts.Transition),
            ("repo", facts.Repository), ("run", facts.RunId!), ("attempt", facts.RunAttempt!), ("now", now));
        insert.Parameters.Add(new NpgsqlParameter("alert", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(facts, Json) });
        var stored = await insert.ExecuteNonQueryAsync(cancellationToken);
        if (stored > 0)
        {
            LogStored(facts.Transition, rule.Id, facts.Repository, facts.RunId, facts.RunAttempt);
        }

        return stored;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored a {Transition} alert for rule {RuleId}: {Repository} run {RunId} attempt {RunAttempt}")]
    private partial void LogStored(string transition, Guid ruleId, string repository, long? runId, int? runAttempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule {RuleId} not applied: user {UserId} cannot see {Repository} any more")]
    private partial void LogNoAccess(Guid ruleId, long userId, string repository);

    [LoggerMessage(Level = LogLevel.Information, Message = "Team rule {RuleId} not applied: user {UserId}, who saved it last, is no longer in {Team}")]
    private partial void LogNotInTeam(Guid ruleId, long userId, string team);
}
