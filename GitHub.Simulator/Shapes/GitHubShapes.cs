using System.Globalization;
using System.Text;

namespace GitHub.Simulator.Shapes;

/// <summary>
/// GitHub's JSON objects, property for property as in <c>samples/github/rest</c> (API version 2022-11-28).
/// The simulator serves its API and its web pages from one base URL (<c>b</c> below): API URLs are
/// <c>{b}/repos/...</c>, web URLs <c>{b}/{owner}/{repo}</c>.
/// </summary>
public static class GitHubShapes
{
    /// <summary>GitHub's timestamp form: UTC, seconds, <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? Timestamp(DateTimeOffset? value) => value is { } v ? JsonValue.Create(Timestamp(v)) : null;

    /// <summary>GitHub's legacy global node id: base64 of "<c>NN:Type{id}</c>" (e.g. <c>MDQ6VXNlcjE=</c> is "04:User1").</summary>
    public static string NodeId(string type, long id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{type.Length:D2}:{type}{id.ToString(CultureInfo.InvariantCulture)}"));

    public static string Host(string baseUrl) => new Uri(baseUrl).Authority;

    public static JsonObject User(Account account, string b) => new()
    {
        ["login"] = account.Login,
        ["id"] = account.Id,
        ["node_id"] = NodeId(account.Type, account.Id),
        ["avatar_url"] = $"{b}/avatars/u/{account.Id}",
        ["gravatar_id"] = "",
        ["url"] = $"{b}/users/{account.Login}",
        ["html_url"] = $"{b}/{account.Login}",
        ["followers_url"] = $"{b}/users/{account.Login}/followers",
        ["following_url"] = $"{b}/users/{account.Login}/following{{/other_user}}",
        ["gists_url"] = $"{b}/users/{account.Login}/gists{{/gist_id}}",
        ["starred_url"] = $"{b}/users/{account.Login}/starred{{/owner}}{{/repo}}",
        ["subscriptions_url"] = $"{b}/users/{account.Login}/subscriptions",
        ["organizations_url"] = $"{b}/users/{account.Login}/orgs",
        ["repos_url"] = $"{b}/users/{account.Login}/repos",
        ["events_url"] = $"{b}/users/{account.Login}/events{{/privacy}}",
        ["received_events_url"] = $"{b}/users/{account.Login}/received_events",
        ["type"] = account.Type,
        ["site_admin"] = false,
    };

    /// <summary><c>GET /user</c>: the public profile plus the private fields only the user sees.</summary>
    public static JsonObject AuthenticatedUser(Account user, World world, string b)
    {
        var owned = world.Repositories.Where(r => r.Owner == user).ToList();
        var json = User(user, b);
        json["name"] = user.Name;
        json["company"] = user.Company;
        json["blog"] = "";
        json["location"] = user.Location;
        json["email"] = user.Email;
        json["hireable"] = false;
        json["bio"] = "";
        json["twitter_username"] = "";
        json["public_repos"] = owned.Count(r => !r.Private);
        json["public_gists"] = 0;
        json["followers"] = 0;
        json["following"] = 0;
        json["created_at"] = Timestamp(user.CreatedAt);
        json["updated_at"] = Timestamp(user.CreatedAt.AddDays(1));
        json["private_gists"] = 0;
        json["total_private_repos"] = owned.Count(r => r.Private);
        json["owned_private_repos"] = owned.Count(r => r.Private);
        json["disk_usage"] = 0;
        json["collaborators"] = 0;
        json["two_factor_authentication"] = true;
        json["plan"] = new JsonObject
        {
            ["name"] = "free",
            ["space"] = 976562499,
            ["private_repos"] = 10000,
            ["collaborators"] = 0,
        };
        return json;
    }

    /// <summary>The <c>organization</c> key of webhook payloads.</summary>
    public static JsonObject Organization(Account organization, string b) => new()
    {
        ["login"] = organization.Login,
        ["id"] = organization.Id,
        ["node_id"] = NodeId("Organization", organization.Id),
        ["url"] = $"{b}/orgs/{organization.Login}",
        ["repos_url"] = $"{b}/orgs/{organization.Login}/repos",
        ["events_url"] = $"{b}/orgs/{organization.Login}/events",
        ["hooks_url"] = $"{b}/orgs/{organization.Login}/hooks",
        ["issues_url"] = $"{b}/orgs/{organization.Login}/issues",
        ["members_url"] = $"{b}/orgs/{organization.Login}/members{{/member}}",
        ["public_members_url"] = $"{b}/orgs/{organization.Login}/public_members{{/member}}",
        ["avatar_url"] = $"{b}/avatars/u/{organization.Id}",
        ["description"] = organization.Name,
    };

    private static readonly (string Key, string Suffix)[] RepositoryUrlTemplates =
    [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        ("notifications_url", "/notifications{?since,all,participating}"),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
        ("hooks_url", "/hooks"),
    ];

    /// <summary>The short repository form embedded in runs (<c>repository</c>, <c>head_repository</c>).</summary>
    public static JsonObject MinimalRepository(Repository repository, string b)
    {
        var api = $"{b}/repos/{repository.FullName}";
        var json = new JsonObject
        {
            ["id"] = repository.Id,
            ["node_id"] = NodeId("Repository", repository.Id),
            ["name"] = repository.Name,
            ["full_name"] = repository.FullName,
            ["private"] = repository.Private,
            ["owner"] = User(repository.Owner, b),
            ["html_url"] = $"{b}/{repository.FullName}",
            ["description"] = repository.Description,
            ["fork"] = false,
            ["url"] = api,
        };
        foreach (var (key, suffix) in RepositoryUrlTemplates)
        {
            json[key] = api + suffix;
        }
        json["git_url"] = $"git://{Host(b)}/{repository.FullName}.git";
        json["ssh_url"] = $"git@{Host(b)}:{repository.FullName}.git";
        return json;
    }

    /// <summary>
    /// The full repository (<c>/user/repos</c> and webhook <c>repository</c>). <paramref name="role"/> adds the
    /// caller's <c>permissions</c>, which GitHub sends only to user tokens.
    /// </summary>
    public static JsonObject Repository(Repository repository, string b, RepositoryRole? role)
    {
        var json = MinimalRepository(repository, b);
        json["created_at"] = Timestamp(repository.CreatedAt);
        json["updated_at"] = Timestamp(repository.UpdatedAt);
        json["pushed_at"] = Timestamp(repository.PushedAt);
        json["clone_url"] = $"{b}/{repository.FullName}.git";
        json["svn_url"] = $"{b}/{repository.FullName}";
        json["mirror_url"] = null;
        json["homepage"] = "";
        json["size"] = 108;
        json["stargazers_count"] = 0;
        json["watchers_count"] = 0;
        json["language"] = "C#";
        json["has_issues"] = true;
        json["has_projects"] = true;
        json["has_downloads"] = true;
        json["has_wiki"] = true;
        json["has_pages"] = false;
        json["has_discussions"] = false;
        json["forks_count"] = 0;
        json["archived"] = false;
        json["disabled"] = false;
        json["open_issues_count"] = 0;
        json["license"] = new JsonObject
        {
            ["key"] = "mit",
            ["name"] = "MIT License",
            ["url"] = $"{b}/licenses/mit",
            ["spdx_id"] = "MIT",
            ["node_id"] = "MDc6TGljZW5zZW1pdA==",
            ["html_url"] = $"{b}/licenses/mit",
        };
        json["allow_forking"] = !repository.Private;
        json["is_template"] = false;
        json["web_commit_signoff_required"] = false;
        json["topics"] = new JsonArray(repository.Topics.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        json["visibility"] = repository.Visibility;
        json["forks"] = 0;
        json["open_issues"] = 0;
        json["watchers"] = 0;
        json["default_branch"] = repository.DefaultBranch;
        if (role is { } r)
        {
            json["permissions"] = new JsonObject
            {
                ["admin"] = r >= RepositoryRole.Admin,
                ["maintain"] = r >= RepositoryRole.Maintain,
                ["push"] = r >= RepositoryRole.Push,
                ["triage"] = r >= RepositoryRole.Triage,
                ["pull"] = r >= RepositoryRole.Pull,
            };
        }
        json["allow_rebase_merge"] = true;
        json["template_repository"] = null;
        json["temp_clone_token"] = "";
        json["allow_squash_merge"] = true;
        json["allow_auto_merge"] = false;
        json["delete_branch_on_merge"] = false;
        json["allow_merge_commit"] = true;
        json["subscribers_count"] = 1;
        json["network_count"] = 0;
        json["custom_properties"] = new JsonObject();
        return json;
    }

    public static JsonObject Workflow(Workflow workflow, string b) => new()
    {
        ["id"] = workflow.Id,
        ["node_id"] = NodeId("Workflow", workflow.Id),
        ["name"] = workflow.Name,
        ["path"] = workflow.Path,
        ["state"] = workflow.State,
        ["created_at"] = Timestamp(workflow.CreatedAt),
        ["updated_at"] = Timestamp(workflow.UpdatedAt),
        ["url"] = $"{b}/repos/{workflow.Repository.FullName}/actions/workflows/{workflow.Id}",
        ["html_url"] = $"{b}/{workflow.Repository.FullName}/blob/{workflow.Repository.DefaultBranch}/{workflow.Path}",
        ["badge_url"] = $"{b}/{workflow.Repository.FullName}/workflows/{Uri.EscapeDataString(workflow.Name)}/badge.svg",
    };

    public static JsonObject Run(WorkflowRun run, string b)
    {
        var repository = run.Repository;
        var api = $"{b}/repos/{repository.FullName}";
        return new JsonObject
        {
            ["id"] = run.Id,
            ["name"] = run.Workflow.Name,
            ["node_id"] = NodeId("WorkflowRun", run.Id),
            ["check_suite_id"] = run.CheckSuiteId,
            ["check_suite_node_id"] = NodeId("CheckSuite", run.CheckSuiteId),
            ["head_branch"] = run.HeadBranch,
            ["head_sha"] = run.HeadSha,
            ["path"] = run.Workflow.Path,
            ["display_title"] = run.CommitMessage,
            ["run_number"] = run.RunNumber,
            ["event"] = run.Event,
            ["status"] = run.Status,
            ["conclusion"] = run.Conclusion,
            ["workflow_id"] = run.Workflow.Id,
            ["url"] = $"{api}/actions/runs/{run.Id}",
            ["html_url"] = $"{b}/{repository.FullName}/actions/runs/{run.Id}",
            ["pull_requests"] = run.PullRequestNumber is { } number ? new JsonArray(PullRequest(run, number, b)) : new JsonArray(),
            ["created_at"] = Timestamp(run.CreatedAt),
            ["updated_at"] = Timestamp(run.UpdatedAt),
            ["actor"] = User(run.Actor, b),
            ["run_attempt"] = run.RunAttempt,
            ["referenced_workflows"] = new JsonArray(),
            ["run_started_at"] = Timestamp(run.RunStartedAt),
            ["triggering_actor"] = User(run.TriggeringActor, b),
            ["jobs_url"] = $"{api}/actions/runs/{run.Id}/jobs",
            ["logs_url"] = $"{api}/actions/runs/{run.Id}/logs",
            ["check_suite_url"] = $"{api}/check-suites/{run.CheckSuiteId}",
            ["artifacts_url"] = $"{api}/actions/runs/{run.Id}/artifacts",
            ["cancel_url"] = $"{api}/actions/runs/{run.Id}/cancel",
            ["rerun_url"] = $"{api}/actions/runs/{run.Id}/rerun",
            ["previous_attempt_url"] = run.RunAttempt > 1 ? $"{api}/actions/runs/{run.Id}/attempts/{run.RunAttempt - 1}" : null,
            ["workflow_url"] = $"{api}/actions/workflows/{run.Workflow.Id}",
            ["head_commit"] = new JsonObject
            {
                ["id"] = run.HeadSha,
                ["tree_id"] = run.TreeId,
                ["message"] = run.CommitMessage,
                ["timestamp"] = Timestamp(run.CreatedAt.AddSeconds(-5)),
                ["author"] = new JsonObject { ["name"] = run.Actor.Name, ["email"] = run.Actor.Email },
                ["committer"] = new JsonObject { ["name"] = "GitHub", ["email"] = "noreply@github.com" },
            },
            ["repository"] = MinimalRepository(repository, b),
            ["head_repository"] = MinimalRepository(repository, b),
        };
    }

    public static JsonObject Job(WorkflowJob job, string b)
    {
        var run = job.Run;
        var api = $"{b}/repos/{run.Repository.FullName}";
        return new JsonObject
        {
            ["id"] = job.Id,
            ["run_id"] = run.Id,
            ["workflow_name"] = run.Workflow.Name,
            ["head_branch"] = run.HeadBranch,
            ["run_url"] = $"{api}/actions/runs/{run.Id}",
            ["run_attempt"] = job.RunAttempt,
            ["node_id"] = NodeId("CheckRun", job.Id),
            ["head_sha"] = run.HeadSha,
            ["url"] = $"{api}/actions/jobs/{job.Id}",
            ["html_url"] = $"{b}/{run.Repository.FullName}/actions/runs/{run.Id}/job/{job.Id}",
            ["status"] = job.Status,
            ["conclusion"] = job.Conclusion,
            ["created_at"] = Timestamp(job.CreatedAt),
            ["started_at"] = Timestamp(job.StartedAt),
            ["completed_at"] = Timestamp(job.CompletedAt),
            ["name"] = job.Name,
            ["steps"] = new JsonArray(job.Steps.Select(step => (JsonNode?)new JsonObject
            {
                ["name"] = step.Name,
                ["status"] = step.Status,
                ["conclusion"] = step.Conclusion,
                ["number"] = step.Number,
                ["started_at"] = Timestamp(step.StartedAt),
                ["completed_at"] = Timestamp(step.CompletedAt),
            }).ToArray()),
            ["check_run_url"] = $"{api}/check-runs/{job.Id}",
            ["labels"] = new JsonArray(job.Labels.Select(label => (JsonNode?)label).ToArray()),
            ["runner_id"] = job.RunnerId,
            ["runner_name"] = $"GitHub Actions {job.RunnerId}",
            ["runner_group_id"] = 2,
            ["runner_group_name"] = "GitHub Actions",
        };
    }

    /// <summary>A run's pull request, as <c>workflow_run.pull_requests</c> has it (the webhook sample with pull requests).</summary>
    private static JsonObject PullRequest(WorkflowRun run, int number, string b)
    {
        var repository = run.Repository;
        JsonObject Ref(string name, string sha) => new()
        {
            ["ref"] = name,
            ["sha"] = sha,
            ["repo"] = new JsonObject { ["id"] = repository.Id, ["url"] = $"{b}/repos/{repository.FullName}", ["name"] = repository.Name },
        };
        return new JsonObject
        {
            ["url"] = $"{b}/repos/{repository.FullName}/pulls/{number}",
            ["id"] = repository.Id * 1000 + number,
            ["number"] = number,
            ["head"] = Ref(run.HeadBranch, run.HeadSha),
            ["base"] = Ref(repository.DefaultBranch, run.TreeId),
        };
    }

    /// <summary>A check run annotation (<c>GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations</c>).</summary>
    public static JsonObject Annotation(WorkflowJob job, JobAnnotation annotation, string b) => new()
    {
        ["path"] = annotation.Path,
        ["start_line"] = annotation.StartLine,
        ["end_line"] = annotation.EndLine,
        ["start_column"] = annotation.StartColumn,
        ["end_column"] = annotation.EndColumn,
        ["annotation_level"] = annotation.Level,
        ["title"] = annotation.Title,
        ["message"] = annotation.Message,
        ["raw_details"] = annotation.RawDetails,
        ["blob_href"] = $"{b}/{job.Run.Repository.FullName}/blob/{job.Run.HeadSha}/{annotation.Path}",
    };

    public static readonly IReadOnlyDictionary<string, string> AppPermissions = new Dictionary<string, string>
    {
        ["actions"] = "write",
        ["checks"] = "read",
        ["contents"] = "read",
        ["metadata"] = "read",
    };

    public static JsonObject Installation(Installation installation, string b, GitHubAppSettings app) => new()
    {
        ["id"] = installation.Id,
        ["account"] = User(installation.Account, b),
        ["access_tokens_url"] = $"{b}/app/installations/{installation.Id}/access_tokens",
        ["repositories_url"] = $"{b}/installation/repositories",
        ["html_url"] = installation.Account.IsOrganization
            ? $"{b}/organizations/{installation.Account.Login}/settings/installations/{installation.Id}"
            : $"{b}/settings/installations/{installation.Id}",
        ["app_id"] = app.NumericId,
        ["target_id"] = installation.Account.Id,
        ["target_type"] = installation.Account.Type,
        ["permissions"] = Permissions(),
        ["events"] = new JsonArray("push", "workflow_job", "workflow_run"),
        ["single_file_name"] = null,
        ["has_multiple_single_files"] = false,
        ["single_file_paths"] = new JsonArray(),
        ["repository_selection"] = installation.RepositorySelection,
        ["created_at"] = Timestamp(installation.CreatedAt),
        ["updated_at"] = Timestamp(installation.CreatedAt),
        ["app_slug"] = app.Slug,
        ["suspended_at"] = null,
        ["suspended_by"] = null,
    };

    public static JsonObject Permissions()
    {
        var json = new JsonObject();
        foreach (var (name, level) in AppPermissions)
        {
            json[name] = level;
        }
        return json;
    }

    /// <summary><c>GET /rate_limit</c>: the caller's <c>core</c> budget, the other resources untouched.</summary>
    public static JsonObject RateLimit(RateLimitSnapshot core, DateTimeOffset now)
    {
        static JsonObject Resource(int limit, int used, long reset) => new()
        {
            ["limit"] = limit,
            ["used"] = used,
            ["remaining"] = limit - used,
            ["reset"] = reset,
        };
        var coreReset = core.Reset.ToUnixTimeSeconds();
        var minute = now.AddMinutes(1).ToUnixTimeSeconds();
        var hour = now.AddHours(1).ToUnixTimeSeconds();
        return new JsonObject
        {
            ["resources"] = new JsonObject
            {
                ["core"] = Resource(core.Limit, core.Used, coreReset),
                ["search"] = Resource(30, 0, minute),
                ["graphql"] = Resource(5000, 0, hour),
                ["integration_manifest"] = Resource(5000, 0, hour),
                ["source_import"] = Resource(100, 0, minute),
                ["actions_runner_registration"] = Resource(10000, 0, hour),
                ["scim"] = Resource(15000, 0, hour),
                ["dependency_snapshots"] = Resource(100, 0, minute),
                ["code_search"] = Resource(10, 0, minute),
                ["code_scanning_autofix"] = Resource(10, 0, minute),
            },
            ["rate"] = Resource(core.Limit, core.Used, coreReset),
        };
    }
}
