using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>Builds the world at start-up from <c>Simulator:WorldFile</c>, <c>Simulator:World</c> or the default, with a little history.</summary>
public static class WorldLoader
{
    private static readonly string[] CommitMessages =
    [
        "Update README.md",
        "Fix flaky test in the parser",
        "Bump the dependencies",
        "Add filters to the run list",
        "Refactor the webhook handling",
        "Improve the logging of retries",
        "Speed up the build cache",
        "Handle empty run names",
    ];

    public static World Load(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var definition = ReadDefinition(options);
        var random = options.Scenario.Seed is { } seed ? new Random(seed) : new Random();
        var now = time.GetUtcNow();
        var world = World.Create(definition, now, random);
        if (definition.HistoryDays is > 0 and var days)
        {
            HistoryBuilder.Seed(world, days, now);
        }
        else
        {
            SeedHistory(world, definition.HistoryRunsPerWorkflow ?? 3, now);
        }
        // The demo (history and the scenario on) opens with a deployment waiting for its reviewer, to approve or reject
        // from the run page; the scenario leaves it to a person.
        if (definition.HistoryDays is > 0 && options.Scenario.Enabled)
        {
            foreach (var workflow in world.Repositories.SelectMany(r => r.Workflows).Where(w => w.Environment is { Reviewers.Count: > 0 }))
            {
                var actor = workflow.Environment!.Reviewers[0];
                RunProgression.Start(world, new StartRunSpec(workflow, workflow.Repository.DefaultBranch, "workflow_dispatch", actor, Conclusion.Success,
                    $"Manually run by {actor.Login}", WaitForApproval: true,
                    Inputs: new Dictionary<string, string> { ["version"] = "v1.4.2" }), now.AddMinutes(-4), static _ => { });
            }
        }
        return world;
    }

    public static WorldDefinition ReadDefinition(SimulatorOptions options)
    {
        WorldDefinition? configured = options.World;
        if (!string.IsNullOrWhiteSpace(options.WorldFile))
        {
            if (!File.Exists(options.WorldFile))
            {
                throw new InvalidOperationException($"Simulator:WorldFile points at '{options.WorldFile}', which does not exist.");
            }
            try
            {
                configured = JsonSerializer.Deserialize<WorldDefinition>(File.ReadAllText(options.WorldFile), new JsonSerializerOptions
                {
                    PropertyNameCaseInsensitive = true,
                    ReadCommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true,
                });
            }
            catch (JsonException exception)
            {
                throw new InvalidOperationException($"Simulator:WorldFile '{options.WorldFile}' is not a valid world definition: {exception.Message}", exception);
            }
        }

        var defaults = WorldDefinition.CreateDefault();
        if (configured is null)
        {
            return defaults;
        }
        // A list that is not configured comes from the default world, so one key can change one thing.
        return new WorldDefinition
        {
            DefaultUser = configured.DefaultUser ?? (configured.Users.Count > 0 ? configured.Users[0].Login : defaults.DefaultUser),
            Users = configured.Users.Count > 0 ? configured.Users : defaults.Users,
            Organizations = configured.Organizations.Count > 0 ? configured.Organizations : defaults.Organizations,
            Repositories = configured.Repositories.Count > 0 ? configured.Repositories : defaults.Repositories,
            Installations = configured.Installations.Count > 0 ? configured.Installations : defaults.Installations,
            HistoryRunsPerWorkflow = configured.HistoryRunsPerWorkflow ?? defaults.HistoryRunsPerWorkflow,
            HistoryDays = configured.HistoryDays ?? defaults.HistoryDays,
            QueueMinutes = configured.QueueMinutes.Count > 0 ? configured.QueueMinutes : defaults.QueueMinutes,
        };
    }

    public static string PickCommitMessage(Random random) => CommitMessages[random.Next(CommitMessages.Length)];

    /// <summary>Finished runs in the past hours, with no webhooks: what a dashboard finds when it first looks.</summary>
    private static void SeedHistory(World world, int runsPerWorkflow, DateTimeOffset now)
    {
        var workflows = world.Repositories.SelectMany(r => r.Workflows).ToList();
        for (var index = runsPerWorkflow; index >= 1; index--)
        {
            foreach (var workflow in workflows)
            {
                var repository = workflow.Repository;
                var actor = repository.Roles.Keys.Select(world.FindAccount).OfType<Account>().FirstOrDefault() ?? world.DefaultUser;
                var started = now.AddMinutes(-index * 47 - world.Random.Next(0, 20));
                var conclusion = world.Random.NextDouble() < 0.25 ? Conclusion.Failure : Conclusion.Success;
                var spec = new StartRunSpec(workflow, repository.DefaultBranch, "push", actor, conclusion, PickCommitMessage(world.Random));
                var run = RunProgression.Start(world, spec, started, static _ => { });
                RunProgression.Complete(world, run, conclusion, started.AddMinutes(3), static _ => { });
            }
        }
    }
}
