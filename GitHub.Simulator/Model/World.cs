using System.Globalization;

namespace GitHub.Simulator.Model;

/// <summary>
/// The simulated GitHub: accounts, repositories with roles, workflows, installations and runs, all in memory.
/// Every read and write holds <see cref="Sync"/>; the JSON a caller sees is rendered while it is held.
/// </summary>
public sealed class World
{
    private const int MaxRunsPerRepository = 500;

    private readonly Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Repository> _repositories = [];
    private readonly Dictionary<long, Installation> _installations = [];
    private readonly Dictionary<long, WorkflowRun> _runs = [];
    private readonly Dictionary<long, WorkflowJob> _jobs = [];
    private readonly Dictionary<string, double> _queueMinutes = new(StringComparer.OrdinalIgnoreCase);
    private long _nextRunId = 7_000_000_001;
    private long _nextJobId = 20_000_000_001;
    private long _nextCheckSuiteId = 9_000_000_001;
    // GitHub never hands a repository id (or a workflow id) out twice: a repository created under a deleted one's name
    // gets a new id.
    private long _nextRepositoryId = 1;
    private long _nextWorkflowId = 1;

    private World(Random random, string defaultUser)
    {
        Random = random;
        DefaultUserLogin = defaultUser;
    }

    public Lock Sync { get; } = new();

    /// <summary>Only used while <see cref="Sync"/> is held.</summary>
    public Random Random { get; }

    public string DefaultUserLogin { get; }

    public IEnumerable<Account> Users => _accounts.Values.Where(a => !a.IsOrganization).OrderBy(a => a.Id);

    public IEnumerable<Account> Organizations => _accounts.Values.Where(a => a.IsOrganization).OrderBy(a => a.Id);

    public IReadOnlyList<Repository> Repositories => _repositories;

    public IEnumerable<Installation> Installations => _installations.Values.OrderBy(i => i.Id);

    public IEnumerable<WorkflowRun> Runs => _runs.Values;

    public static World Create(WorldDefinition definition, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<string>();
        var defaultUser = definition.DefaultUser ?? definition.Users.FirstOrDefault()?.Login ?? "";
        var world = new World(random, defaultUser);
        var created = now.AddYears(-3);

        void AddAccount(AccountDefinition account, bool organization)
        {
            if (string.IsNullOrWhiteSpace(account.Login) || account.Id <= 0)
            {
                errors.Add($"Every user and organisation needs a login and a positive id ('{account.Login}', {account.Id}).");
                return;
            }
            if (world._accounts.Values.Any(a => a.Id == account.Id) || world._accounts.ContainsKey(account.Login))
            {
                errors.Add($"The account '{account.Login}' (id {account.Id}) is defined twice.");
                return;
            }
            world._accounts[account.Login] = new Account
            {
                Id = account.Id,
                Login = account.Login,
                IsOrganization = organization,
                Name = account.Name ?? account.Login,
                Email = account.Email ?? (organization ? "" : $"{account.Login}@users.noreply.simulator.local"),
                Company = account.Company ?? "",
                Location = account.Location ?? "",
                CreatedAt = created,
            };
        }

        foreach (var user in definition.Users)
        {
            AddAccount(user, organization: false);
        }
        foreach (var organization in definition.Organizations)
        {
            AddAccount(organization, organization: true);
        }
        if (world.FindAccount(defaultUser) is not { IsOrganization: false })
        {
            errors.Add($"The default user '{defaultUser}' is not one of the users.");
        }

        var workflowIds = new HashSet<long>();
        foreach (var definitionRepository in definition.Repositories)
        {
            if (world.FindAccount(definitionRepository.Owner) is not { } owner)
            {
                errors.Add($"The repository '{definitionRepository.Owner}/{definitionRepository.Name}' has an unknown owner.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(definitionRepository.Name) || definitionRepository.Id <= 0
                || world._repositories.Any(r => r.Id == definitionRepository.Id || r.FullName.Equals($"{owner.Login}/{definitionRepository.Name}", StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"The repository '{definitionRepository.Owner}/{definitionRepository.Name}' needs a unique name and a unique positive id.");
                continue;
            }
            var branches = definitionRepository.Branches.Count > 0 ? definitionRepository.Branches : [definitionRepository.DefaultBranch];
            var repository = new Repository
            {
                Id = definitionRepository.Id,
                Owner = owner,
                Name = definitionRepository.Name,
                Private = definitionRepository.Private,
                Description = definitionRepository.Description ?? "",
                DefaultBranch = definitionRepository.DefaultBranch,
                Branches = branches.Contains(definitionRepository.DefaultBranch) ? branches : [definitionRepository.DefaultBranch, .. branches],
                Topics = definitionRepository.Topics.Count > 0 ? definitionRepository.Topics : ["github-actions"],
                CreatedAt = created.AddDays(30),
                PushedAt = now.AddDays(-1),
                UpdatedAt = now.AddDays(-1),
            };
            if (!owner.IsOrganization)
            {
                repository.Roles[owner.Login] = RepositoryRole.Admin;
            }
            foreach (var (login, role) in definitionRepository.Permissions)
            {
                if (world.FindAccount(login) is not { IsOrganization: false })
                {
                    errors.Add($"'{repository.FullName}' gives a permission to '{login}', who is not a user.");
                }
                else if (!Enum.TryParse<RepositoryRole>(role, ignoreCase: true, out var parsed) || parsed == RepositoryRole.None)
                {
                    errors.Add($"'{repository.FullName}' gives '{login}' the unknown permission '{role}' (pull, triage, push, maintain or admin).");
                }
                else
                {
                    repository.Roles[login] = parsed;
                }
            }
            foreach (var workflow in definitionRepository.Workflows)
            {
                if (workflow.Id <= 0 || !workflowIds.Add(workflow.Id) || string.IsNullOrWhiteSpace(workflow.Name) || string.IsNullOrWhiteSpace(workflow.Path))
                {
                    errors.Add($"A workflow of '{repository.FullName}' needs a unique positive id, a name and a path (id {workflow.Id}).");
                    continue;
                }
                if (workflow.Jobs.Any(job => job.FlakyRate is < 0 or > 1 || double.IsNaN(job.FlakyRate)))
                {
                    errors.Add($"A job of '{repository.FullName}' has a FlakyRate outside 0 to 1.");
                }
                IReadOnlyList<JobDefinition> jobs = workflow.Jobs.Count > 0
                    ? workflow.Jobs
                    :
                    [
                        new() { Name = "build", Steps = ["Run actions/checkout@v4", "Set up .NET", "Build"] },
                        new() { Name = "test", Steps = ["Run actions/checkout@v4", "Run tests"] },
                    ];
                DeploymentEnvironment? environment = null;
                if (workflow.Environment is { } env)
                {
                    var reviewers = env.Reviewers.Select(login => world.FindAccount(login)).ToList();
                    if (env.Id <= 0 || string.IsNullOrWhiteSpace(env.Name) || reviewers.Any(r => r is null or { IsOrganization: true }) || env.WaitTimer < 0)
                    {
                        errors.Add($"The environment of workflow {workflow.Id} needs a positive id, a name, users as reviewers and a wait timer of 0 or more.");
                    }
                    else
                    {
                        environment = new DeploymentEnvironment(env.Id, env.Name, reviewers.OfType<Account>().ToArray(), env.WaitTimer);
                    }
                }
                repository.Workflows.Add(new Workflow
                {
                    Id = workflow.Id,
                    Content = workflow.Content ?? WorkflowFile.Generate(workflow.Name,
                        jobs.Select(job => (job.Name, (IReadOnlyList<string>)(job.RunsOn.Count > 0 ? job.RunsOn : JobTemplate.DefaultLabels))).ToArray()),
                    Environment = environment,
                    Repository = repository,
                    Name = workflow.Name,
                    Path = workflow.Path,
                    Jobs = jobs.Select(job => new JobTemplate(job.Name, ["Set up job", .. job.Steps, "Complete job"])
                    {
                        Labels = job.RunsOn.Count > 0 ? job.RunsOn.ToArray() : JobTemplate.DefaultLabels,
                        FlakyRate = job.FlakyRate,
                    }).ToArray(),
                    CreatedAt = repository.CreatedAt,
                    UpdatedAt = repository.CreatedAt.AddDays(1),
                });
            }
            foreach (var runner in definitionRepository.Runners)
            {
                if (runner.Id <= 0 || string.IsNullOrWhiteSpace(runner.Name) || runner.Os is not ("linux" or "macos" or "windows")
                    || world._repositories.Append(repository).SelectMany(r => r.Runners).Any(r => r.Id == runner.Id)
                    || repository.Runners.Any(r => r.Name.Equals(runner.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"A runner of '{repository.FullName}' needs a unique positive id, a name unique in the repository and an os of linux, macos or windows (id {runner.Id}).");
                    continue;
                }
                repository.Runners.Add(new SelfHostedRunner
                {
                    Id = runner.Id, Name = runner.Name, Os = runner.Os, Online = runner.Online, CustomLabels = runner.Labels.ToArray(),
                });
            }
            world._repositories.Add(repository);
        }

        foreach (var installation in definition.Installations)
        {
            if (world.FindAccount(installation.Account) is not { } account)
            {
                errors.Add($"Installation {installation.Id} is on the unknown account '{installation.Account}'.");
            }
            else if (installation.Id <= 0 || !world._installations.TryAdd(installation.Id, new Installation { Id = installation.Id, Account = account, CreatedAt = created.AddDays(60) }))
            {
                errors.Add($"Installation ids must be unique and positive ({installation.Id}).");
            }
        }

        foreach (var (label, minutes) in definition.QueueMinutes)
        {
            if (minutes < 0 || double.IsNaN(minutes) || minutes > 24 * 60)
            {
                errors.Add($"QueueMinutes of '{label}' must be between 0 and 1440.");
            }
            else
            {
                world._queueMinutes[label] = minutes;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The simulator's world definition is invalid: " + string.Join(" ", errors));
        }
        world._nextRepositoryId = world._repositories.Select(r => r.Id).DefaultIfEmpty(0).Max() + 1;
        world._nextWorkflowId = world._repositories.SelectMany(r => r.Workflows).Select(w => w.Id).DefaultIfEmpty(0).Max() + 1;
        return world;
    }

    // ---- repositories created, renamed and deleted (the control API) --------------------------------------------

    /// <summary>
    /// A new repository with a new id (never one a deleted repository had) and one workflow, <c>CI</c>, with a new id;
    /// the owner is admin when it is a user. Null when the name is taken (GitHub's 422).
    /// </summary>
    public Repository? CreateRepository(Account owner, string name, bool isPrivate, IReadOnlyDictionary<string, RepositoryRole> roles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(roles);
        if (FindRepository(owner.Login, name) is not null)
        {
            return null;
        }
        var repository = new Repository
        {
            Id = _nextRepositoryId++,
            Owner = owner,
            Name = name,
            Private = isPrivate,
            Branches = ["main"],
            Topics = ["github-actions"],
            CreatedAt = now,
            PushedAt = now,
            UpdatedAt = now,
        };
        if (!owner.IsOrganization)
        {
            repository.Roles[owner.Login] = RepositoryRole.Admin;
        }
        foreach (var (login, role) in roles)
        {
            repository.Roles[login] = role;
        }
        repository.Workflows.Add(new Workflow
        {
            Id = _nextWorkflowId++,
            Repository = repository,
            Name = "CI",
            Path = ".github/workflows/ci.yml",
            Jobs = [new JobTemplate("build", ["Set up job", "Run actions/checkout@v4", "Build", "Complete job"])],
            Content = WorkflowFile.Generate("CI", [("build", JobTemplate.DefaultLabels)]),
            CreatedAt = now,
            UpdatedAt = now,
        });
        _repositories.Add(repository);
        return repository;
    }

    /// <summary>Renames the repository in place: same id, runs and roles. False when the new name is taken by another.</summary>
    public bool RenameRepository(Repository repository, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (FindRepository(repository.Owner.Login, name) is { } other && other != repository)
        {
            return false;
        }
        repository.Name = name;
        repository.UpdatedAt = now;
        return true;
    }

    /// <summary>Deletes the repository with its runs and jobs; its name is free for a new repository (with a new id).</summary>
    public void DeleteRepository(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repositories.Remove(repository);
        foreach (var run in repository.Runs)
        {
            _runs.Remove(run.Id);
            foreach (var job in run.Jobs)
            {
                _jobs.Remove(job.Id);
            }
        }
        repository.Runs.Clear();
    }

    public Account? FindAccount(string? login) =>
        login is not null && _accounts.TryGetValue(login, out var account) ? account : null;

    public Account DefaultUser => FindAccount(DefaultUserLogin)!;

    public Repository? FindRepository(string owner, string name) =>
        _repositories.FirstOrDefault(r => r.Owner.Login.Equals(owner, StringComparison.OrdinalIgnoreCase)
            && r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public Installation? FindInstallation(long id) => _installations.GetValueOrDefault(id);

    public Installation? InstallationOn(Account account) => _installations.Values.FirstOrDefault(i => i.Account == account);

    public WorkflowRun? FindRun(long id) => _runs.GetValueOrDefault(id);

    /// <summary>
    /// How long a job with these labels typically waits for a runner (<see cref="WorldDefinition.QueueMinutes"/>): the
    /// longest of its labels' waits, zero when none is slow.
    /// </summary>
    public TimeSpan TypicalQueueWait(IEnumerable<string> labels) =>
        TimeSpan.FromMinutes(labels.Select(label => _queueMinutes.GetValueOrDefault(label)).DefaultIfEmpty(0).Max());

    public WorkflowJob? FindJob(long id) => _jobs.GetValueOrDefault(id);

    public static Workflow? FindWorkflow(Repository repository, string idOrFileName) =>
        long.TryParse(idOrFileName, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? repository.Workflows.FirstOrDefault(w => w.Id == id)
            : repository.Workflows.FirstOrDefault(w => w.FileName.Equals(idOrFileName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Which of the repository's runners run a job now: each in-progress job that asks for <c>self-hosted</c>, oldest
    /// first, takes the first online runner not yet taken whose labels it accepts. Call under <see cref="Sync"/>.
    /// </summary>
    public static IReadOnlySet<SelfHostedRunner> BusyRunners(Repository repository)
    {
        var busy = new HashSet<SelfHostedRunner>();
        var jobs = repository.Runs.Where(run => !run.IsCompleted).SelectMany(run => run.CurrentJobs)
            .Where(job => job.Status == RunStatus.InProgress && job.Labels.Contains("self-hosted", StringComparer.OrdinalIgnoreCase))
            .OrderBy(job => job.StartedAt);
        foreach (var job in jobs)
        {
            if (repository.Runners.FirstOrDefault(runner => runner.Online && !busy.Contains(runner) && runner.Accepts(job.Labels)) is { } runner)
            {
                busy.Add(runner);
            }
        }
        return busy;
    }

    // ---- who may see and do what ------------------------------------------------------------------------------

    /// <summary>A user's role: explicit, else pull on public repositories.</summary>
    public static RepositoryRole RoleOf(Account user, Repository repository) =>
        repository.Roles.TryGetValue(user.Login, out var role) ? role
        : repository.Private ? RepositoryRole.None : RepositoryRole.Pull;

    /// <summary>GitHub answers 404, not 403, for a private repository the caller cannot see.</summary>
    public static bool CanSee(Caller caller, Repository repository) => caller.Kind switch
    {
        CallerKind.User => RoleOf(caller.User!, repository) >= RepositoryRole.Pull,
        CallerKind.Installation => caller.Installation!.Account == repository.Owner || !repository.Private,
        _ => !repository.Private,
    };

    /// <summary>Re-runs and cancels need write access; an installation has <c>actions: write</c> on its account.</summary>
    public static bool CanWrite(Caller caller, Repository repository) => caller.Kind switch
    {
        CallerKind.User => RoleOf(caller.User!, repository) >= RepositoryRole.Push,
        CallerKind.Installation => caller.Installation!.Account == repository.Owner,
        _ => false,
    };

    /// <summary><c>/user/repos</c>: repositories the user owns or has an explicit role on.</summary>
    public IEnumerable<Repository> RepositoriesOf(Account user) =>
        _repositories.Where(r => r.Roles.ContainsKey(user.Login));

    /// <summary><c>/user/installations</c>: installations on accounts where the user can reach a repository.</summary>
    public IEnumerable<Installation> InstallationsOf(Account user) =>
        Installations.Where(i => i.Account == user || RepositoriesOf(user).Any(r => r.Owner == i.Account));

    public IEnumerable<Repository> RepositoriesOf(Installation installation) =>
        _repositories.Where(r => r.Owner == installation.Account);

    // ---- runs and jobs ----------------------------------------------------------------------------------------

    public WorkflowRun AddRun(Workflow workflow, string branch, string eventName, Account actor, string commitMessage, DateTimeOffset now)
    {
        var run = new WorkflowRun
        {
            Id = _nextRunId++,
            Workflow = workflow,
            RunNumber = ++workflow.LastRunNumber,
            Event = eventName,
            HeadBranch = branch,
            HeadSha = RandomHex(40),
            TreeId = RandomHex(40),
            CommitMessage = commitMessage,
            Actor = actor,
            TriggeringActor = actor,
            CheckSuiteId = _nextCheckSuiteId++,
            CreatedAt = now,
            UpdatedAt = now,
            RunStartedAt = now,
        };
        _runs[run.Id] = run;
        var runs = workflow.Repository.Runs;
        runs.Add(run);
        workflow.Repository.PushedAt = now;
        if (runs.Count > MaxRunsPerRepository && runs.FirstOrDefault(r => r.IsCompleted) is { } oldest)
        {
            runs.Remove(oldest);
            _runs.Remove(oldest.Id);
            foreach (var job in oldest.Jobs)
            {
                _jobs.Remove(job.Id);
            }
        }
        return run;
    }

    public WorkflowJob AddJob(WorkflowRun run, JobTemplate template, DateTimeOffset now)
    {
        var job = new WorkflowJob
        {
            Id = _nextJobId++,
            Run = run,
            RunAttempt = run.RunAttempt,
            Template = template,
            CreatedAt = now,
            // GitHub's queued examples already carry started_at and the runner; so does the simulator.
            StartedAt = now,
            RunnerId = Random.Next(1, 20),
        };
        run.Jobs.Add(job);
        _jobs[job.Id] = job;
        return job;
    }

    public string RandomHex(int length)
    {
        var bytes = new byte[(length + 1) / 2];
        Random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }
}
