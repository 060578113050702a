namespace GitHub.Simulator.Model;

/// <summary>
/// What the simulated GitHub holds at start-up, from <c>Simulator:World</c>, a JSON file (<c>Simulator:WorldFile</c>)
/// or <see cref="CreateDefault"/>. A list left empty is taken from the default world.
/// </summary>
public sealed class WorldDefinition
{
    /// <summary>Who signs in when <c>/login/oauth/authorize</c> names no <c>login</c>.</summary>
    public string? DefaultUser { get; set; }

    public List<AccountDefinition> Users { get; set; } = [];

    public List<AccountDefinition> Organizations { get; set; } = [];

    public List<RepositoryDefinition> Repositories { get; set; } = [];

    public List<InstallationDefinition> Installations { get; set; } = [];

    /// <summary>Completed runs created per workflow at start-up, so lists are not empty before anything happens.</summary>
    public int? HistoryRunsPerWorkflow { get; set; }

    /// <summary>
    /// Days of history before start-up: several runs a day per workflow, with failures (an error in a step's log and
    /// annotations), flaky jobs re-run on the same commit (<c>run_attempt</c> 2) and slow runner queues. Unset or 0: only
    /// <see cref="HistoryRunsPerWorkflow"/> runs in the last hours (the tests' world). The demo sets it.
    /// </summary>
    public int? HistoryDays { get; set; }

    /// <summary>
    /// Runner labels whose jobs wait for a runner, in typical minutes (<c>self-hosted</c>: 6). Applies to scenario and
    /// history runs; a job waits as long as its slowest label says, give or take half.
    /// </summary>
    public Dictionary<string, double> QueueMinutes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The default world's deploy workflow: run by hand with inputs of every type (<c>workflow_dispatch</c>), and its
    /// <c>apply</c> job deploys to the protected <c>production</c> environment.
    /// </summary>
    public const string DeployWorkflowFile = """
        name: Deploy
        on:
          push:
            branches: [main]
          workflow_dispatch:
            inputs:
              version:
                description: The version to deploy (a tag or a commit)
                required: true
                type: string
              target:
                description: Where to deploy
                type: environment
                default: production
              log-level:
                description: Terraform's log level
                type: choice
                options: [info, debug, trace]
                default: info
              dry-run:
                description: Plan only, apply nothing
                type: boolean
                default: false
              parallelism:
                description: Resources changed at once
                type: number
                default: 10
        jobs:
          plan:
            runs-on: [self-hosted, linux, x64]
            steps:
              - uses: actions/checkout@v4
              - run: terraform plan
          apply:
            needs: plan
            runs-on: [self-hosted, linux, x64]
            environment: production
            steps:
              - uses: actions/checkout@v4
              - run: terraform apply -auto-approve
        """;

    public static WorldDefinition CreateDefault() => new()
    {
        DefaultUser = "octocat",
        HistoryRunsPerWorkflow = 3,
        QueueMinutes = new(StringComparer.OrdinalIgnoreCase) { ["self-hosted"] = 6, ["macos-latest"] = 3 },
        Users =
        [
            new() { Login = "octocat", Id = 1, Name = "The Octocat", Email = "octocat@users.noreply.simulator.local", Company = "@octo-org", Location = "San Francisco" },
            new() { Login = "monalisa", Id = 2, Name = "Mona Lisa Octocat", Email = "monalisa@users.noreply.simulator.local", Company = "@octo-org", Location = "Paris" },
            new() { Login = "hubot", Id = 3, Name = "Hubot", Email = "hubot@users.noreply.simulator.local", Company = "", Location = "The Internet" },
        ],
        Organizations =
        [
            new() { Login = "octo-org", Id = 9919, Name = "Octo Org" },
        ],
        Repositories =
        [
            new()
            {
                Owner = "octo-org", Name = "octo-repo", Id = 217723378, Private = true,
                Description = "The product: a private repository with two workflows.",
                Branches = ["main", "feature/login", "fix/flaky-tests"],
                Permissions = new() { ["octocat"] = "push", ["monalisa"] = "pull" },
                Workflows =
                [
                    new()
                    {
                        Id = 161335, Name = "CI", Path = ".github/workflows/ci.yml",
                        Jobs =
                        [
                            new() { Name = "build", Steps = ["Run actions/checkout@v4", "Set up .NET", "Build"] },
                            new() { Name = "test", Steps = ["Run actions/checkout@v4", "Run tests"], FlakyRate = 0.2 },
                        ],
                    },
                    new()
                    {
                        Id = 269289, Name = "Linter", Path = ".github/workflows/linter.yml",
                        Jobs = [new() { Name = "lint", Steps = ["Run actions/checkout@v4", "Run super-linter"] }],
                    },
                ],
            },
            new()
            {
                Owner = "octo-org", Name = "infra", Id = 300029405, Private = true,
                Description = "Infrastructure as code; only octocat may see it.",
                Branches = ["main"],
                Permissions = new() { ["octocat"] = "admin" },
                Runners =
                [
                    new() { Id = 21, Name = "infra-linux-1", Labels = ["terraform"] },
                    new() { Id = 22, Name = "infra-linux-2", Labels = ["terraform"] },
                    new() { Id = 23, Name = "infra-gpu-1", Online = false, Labels = ["gpu"] },
                ],
                Workflows =
                [
                    new()
                    {
                        Id = 2823525, Name = "Deploy", Path = ".github/workflows/deploy.yml",
                        Content = DeployWorkflowFile,
                        Environment = new() { Id = 161088068, Name = "production", Reviewers = ["octocat"] },
                        Jobs =
                        [
                            new() { Name = "plan", Steps = ["Run actions/checkout@v4", "Terraform plan"], RunsOn = ["self-hosted", "linux", "x64"] },
                            new() { Name = "apply", Steps = ["Run actions/checkout@v4", "Terraform apply"], RunsOn = ["self-hosted", "linux", "x64"] },
                        ],
                    },
                ],
            },
            new()
            {
                Owner = "octocat", Name = "hello-world", Id = 1296269, Private = false,
                Description = "My first repository on GitHub!",
                Branches = ["main", "docs/readme"],
                Permissions = new() { ["octocat"] = "admin" },
                Workflows =
                [
                    new()
                    {
                        Id = 159038, Name = "CI", Path = ".github/workflows/ci.yml",
                        Jobs =
                        [
                            new() { Name = "build", Steps = ["Run actions/checkout@v4", "Set up .NET", "Build"], RunsOn = ["macos-latest"] },
                            new() { Name = "test", Steps = ["Run actions/checkout@v4", "Run tests"], FlakyRate = 0.1 },
                        ],
                    },
                ],
            },
        ],
        Installations =
        [
            new() { Id = 3456996, Account = "octo-org" },
            new() { Id = 1, Account = "octocat" },
        ],
    };
}
