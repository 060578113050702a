namespace GitHub.Simulator.Shapes;

/// <summary>
/// Webhook bodies shaped like <c>samples/github/webhooks</c>: <c>action</c>, the main object, and the
/// common keys <c>repository</c>, <c>sender</c>, <c>installation</c> (GitHub App deliveries) and
/// <c>organization</c> (repositories owned by an organisation).
/// </summary>
public static class WebhookPayloads
{
    public static JsonObject WorkflowRun(string action, WorkflowRun run, Account sender, Installation? installation, string b)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["workflow_run"] = GitHubShapes.Run(run, b),
            ["workflow"] = GitHubShapes.Workflow(run.Workflow, b),
        };
        return AddCommonKeys(payload, run.Repository, sender, installation, b);
    }

    public static JsonObject WorkflowJob(string action, WorkflowJob job, Account sender, Installation? installation, string b)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["workflow_job"] = GitHubShapes.Job(job, b),
        };
        return AddCommonKeys(payload, job.Run.Repository, sender, installation, b);
    }

    /// <summary>The push that started a run: one commit, the run's head commit, on its branch.</summary>
    public static JsonObject Push(WorkflowRun run, string before, Account sender, Installation? installation, string b)
    {
        var repository = run.Repository;
        var commit = new JsonObject
        {
            ["id"] = run.HeadSha,
            ["tree_id"] = run.TreeId,
            ["distinct"] = true,
            ["message"] = run.CommitMessage,
            ["timestamp"] = GitHubShapes.Timestamp(run.CreatedAt.AddSeconds(-5)),
            ["url"] = $"{b}/{repository.FullName}/commit/{run.HeadSha}",
            ["author"] = new JsonObject { ["name"] = run.Actor.Name, ["email"] = run.Actor.Email, ["username"] = run.Actor.Login },
            ["committer"] = new JsonObject { ["name"] = run.Actor.Name, ["email"] = run.Actor.Email, ["username"] = run.Actor.Login },
            ["added"] = new JsonArray(),
            ["removed"] = new JsonArray(),
            ["modified"] = new JsonArray("README.md"),
        };

        // Push payloads give the repository's created_at and pushed_at as Unix seconds, unlike every other event.
        var pushRepository = GitHubShapes.Repository(repository, b, role: null);
        pushRepository["created_at"] = repository.CreatedAt.ToUnixTimeSeconds();
        pushRepository["pushed_at"] = run.CreatedAt.ToUnixTimeSeconds();
        // ... and the owner there carries name and email as well.
        var owner = pushRepository["owner"]!.AsObject();
        owner.Insert(0, "email", repository.Owner.Email);
        owner.Insert(0, "name", repository.Owner.Name);
        pushRepository["stargazers"] = 0;
        pushRepository["master_branch"] = repository.DefaultBranch;
        if (repository.Owner.IsOrganization)
        {
            pushRepository["organization"] = repository.Owner.Login;
        }

        var payload = new JsonObject
        {
            ["ref"] = $"refs/heads/{run.HeadBranch}",
            ["before"] = before,
            ["after"] = run.HeadSha,
            ["created"] = false,
            ["deleted"] = false,
            ["forced"] = false,
            ["base_ref"] = null,
            ["compare"] = $"{b}/{repository.FullName}/compare/{before[..12]}...{run.HeadSha[..12]}",
            ["commits"] = new JsonArray(commit),
            ["head_commit"] = commit.DeepClone(),
            ["pusher"] = new JsonObject { ["name"] = sender.Login, ["email"] = sender.Email },
        };
        AddCommonKeys(payload, repository, sender, installation, b);
        // AddCommonKeys renders the usual repository; a push keeps its own variant.
        payload["repository"] = pushRepository;
        return payload;
    }

    private static JsonObject AddCommonKeys(JsonObject payload, Repository repository, Account sender, Installation? installation, string b)
    {
        payload["repository"] = GitHubShapes.Repository(repository, b, role: null);
        payload["sender"] = GitHubShapes.User(sender, b);
        if (installation is not null)
        {
            payload["installation"] = new JsonObject
            {
                ["id"] = installation.Id,
                ["node_id"] = GitHubShapes.NodeId("IntegrationInstallation", installation.Id),
            };
        }
        if (repository.Owner.IsOrganization)
        {
            payload["organization"] = GitHubShapes.Organization(repository.Owner, b);
        }
        return payload;
    }
}
