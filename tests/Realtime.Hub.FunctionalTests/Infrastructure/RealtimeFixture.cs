using System.Security.Cryptography;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.Identity;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>
/// A real RabbitMQ, the access-list stand-in, one Realtime.Hub and a publisher on the same exchange (as Webhooks.Api and
/// Auth.Api publish). Shared by every class of the collection; tests use repositories of their own, so they do not see
/// each other's events.
/// </summary>
public sealed class RealtimeFixture : IAsyncLifetime
{
    public const string Audience = "realtime-hub";

    private IHost? _publisherHost;

    public RabbitMQServerFixture RabbitMQ { get; } = new();

    public string ExchangeName { get; } = $"test.events.{Guid.NewGuid():N}";

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public AccessListServer AccessLists { get; private set; } = null!;

    public HubInstance Hub { get; private set; } = null!;

    public IEventBus Bus { get; private set; } = null!;

    public InternalIdentityTokenIssuer Tokens { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await RabbitMQ.InitializeAsync();
        AccessLists = await AccessListServer.StartAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        Tokens = new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = SigningKey }), TimeProvider.System);
        Hub = await StartHubAsync();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "TestPublisher", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = RabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = ExchangeName,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddRabbitMQEventBus("eventbus");
        _publisherHost = builder.Build();
        await _publisherHost.StartAsync();
        Bus = _publisherHost.Services.GetRequiredService<IEventBus>();
    }

    /// <summary>The settings the AppHost gives the hub, pointed at this fixture's servers.</summary>
    public Dictionary<string, string?> HubSettings(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = RabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = ExchangeName,
            ["EventBus:QueueName"] = "realtime-hub",
            ["EventBus:InstanceQueue"] = "true",
            ["Identity:SigningKey"] = SigningKey,
            // Service discovery, as the AppHost wires it: http://githubproxy-api → the stand-in.
            ["services:githubproxy-api:http:0"] = AccessLists.Url.ToString(),
            ["GitHubProxy:AccessListApiKey"] = AccessLists.ApiKey,
            ["Realtime:AccessRecheckInterval"] = "00:00:01",
            ["Realtime:AccessListCacheDuration"] = "00:00:00.200",
            ["Realtime:HeartbeatInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public Task<HubInstance> StartHubAsync(IDictionary<string, string?>? overrides = null) => HubInstance.StartAsync(HubSettings(overrides));

    /// <summary>What the gateway forwards for a signed-in request: a fresh identity token for the hub.</summary>
    public string TokenFor(TestUser user) => Tokens.Issue(new InternalIdentity(user.Id, user.Login, user.SessionHash), Audience);

    public Task PublishAsync(IntegrationEvent integrationEvent) => Bus.PublishAsync(integrationEvent);

    public async Task DisposeAsync()
    {
        if (_publisherHost is not null)
        {
            await _publisherHost.StopAsync();
            _publisherHost.Dispose();
        }

        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        if (AccessLists is not null)
        {
            await AccessLists.DisposeAsync();
        }

        await RabbitMQ.DisposeAsync();
    }
}

/// <summary>A signed-in user as the hub sees one: GitHub id, login, session hash.</summary>
public sealed record TestUser(long Id, string Login, string SessionHash)
{
    private static long _next = 1_000;

    public static TestUser New(string login = "monalisa") =>
        new(Interlocked.Increment(ref _next), login, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Another session (another browser) of the same user.</summary>
    public TestUser AnotherSession() => this with { SessionHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) };
}

[CollectionDefinition(Name)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeFixture>
{
    public const string Name = "realtime";
}

/// <summary>Integration events as Webhooks.Api publishes them, with a repository of the test's choosing.</summary>
public static class Events
{
    /// <summary>The repository as an event names it; <paramref name="id"/> defaults to <see cref="RepositoryId"/>.</summary>
    public static RepositoryReference Repository(string fullName, long? id = null)
    {
        var parts = fullName.Split('/');
        return new RepositoryReference(id ?? RepositoryId(fullName), fullName, parts[0], parts[1]);
    }

    /// <summary>GitHub's id for a repository name in these tests (the access-list stand-in answers the same one), whatever
    /// the case of the name, as GitHub compares names.</summary>
    public static long RepositoryId(string fullName) => (StringComparer.OrdinalIgnoreCase.GetHashCode(fullName) & 0x7fff_ffffL) + 1;

    public static WorkflowRunChanged Run(string repository, long runId = 30433642, string status = "in_progress") => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = status == "completed" ? "completed" : "in_progress",
        Repository = Repository(repository),
        RunId = runId,
        RunAttempt = 1,
        RunNumber = 562,
        WorkflowId = 159038,
        Name = "Build",
        WorkflowName = "Build",
        DisplayTitle = "Update README.md",
        Event = "push",
        HeadBranch = "main",
        HeadSha = "acb5820ced9479c074f688cc328bf03f341a511d",
        CommitMessage = "Update README.md",
        Actor = "octocat",
        Status = status,
        Conclusion = status == "completed" ? "success" : null,
        CreatedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 1, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 2, TimeSpan.Zero),
        HtmlUrl = $"https://github.com/{repository}/actions/runs/{runId}",
        PullRequestNumbers = [7],
    };

    public static WorkflowJobChanged Job(string repository) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "in_progress",
        Repository = Repository(repository),
        JobId = 399444496,
        RunId = 30433642,
        RunAttempt = 1,
        Name = "build",
        HeadBranch = "main",
        HeadSha = "acb5820ced9479c074f688cc328bf03f341a511d",
        Status = "in_progress",
        QueuedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 3, TimeSpan.Zero),
        RunnerName = "runner-1",
        Labels = ["ubuntu-latest"],
        Steps = [new WorkflowJobStep("Set up job", "completed", "success", 1, new DateTimeOffset(2026, 11, 22, 5, 0, 3, TimeSpan.Zero), null)],
        HtmlUrl = $"https://github.com/{repository}/actions/runs/30433642/job/399444496",
    };

    public static PushReceived Push(string repository) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Repository = Repository(repository),
        Ref = "refs/heads/main",
        Branch = "main",
        Before = "0000000000000000000000000000000000000000",
        After = "acb5820ced9479c074f688cc328bf03f341a511d",
        HeadCommitId = "acb5820ced9479c074f688cc328bf03f341a511d",
        HeadCommitMessage = "Update README.md",
        CommitCount = 1,
        Pusher = "octocat",
        CompareUrl = $"https://github.com/{repository}/compare/000000...acb582",
    };

    public static PullRequestChanged PullRequest(string repository) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "opened",
        Repository = Repository(repository),
        Number = 7,
        Title = "Add a feature",
        State = "open",
        HeadRef = "feature",
        Author = "octocat",
        HtmlUrl = $"https://github.com/{repository}/pull/7",
    };

    /// <summary>A repository name no other test uses.</summary>
    public static string NewRepository(string owner = "octo-org") => $"{owner}/Repo-{Guid.NewGuid().ToString("N")[..10]}";
}
