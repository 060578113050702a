using ActionsDashboard.AppHost;
using ActionsDashboard.Hosting;
using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The whole application started through the AppHost's model, on free ports with a temporary data
/// folder, exactly as <c>./run.sh</c> runs it (real PostgreSQL, Redis and RabbitMQ processes).</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("apphost-e2e-");

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Uri GatewayUrl => new(App.GetResource("gateway").AnnotationsOf<Hosting.ApplicationModel.EndpointAnnotation>().Single().Allocated!.Url);

    public static DistributedApplication Create(string dataPath) => AppModel.CreateApplication(new Dictionary<string, string?>
    {
        ["AppHost:DataPath"] = dataPath,
        ["AppHost:GatewayPort"] = "0",
        ["AppHost:DashboardPort"] = "0",
    });

    public static async Task StartAndWaitHealthyAsync(DistributedApplication app)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        try
        {
            await app.ResourceNotifications.WaitForAllHealthyAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var all = app.ResourceNotifications.GetAll();
            var states = string.Join(", ", all.Select(r => $"{r.Name}={r.State} {r.Message}"));
            // The last lines of whatever did not come up: a crash's reason is in its console, not its exit code.
            var logs = string.Join(Environment.NewLine, all.Where(r => r.State != ResourceState.Running).Select(r =>
                $"--- {r.Name} ---{Environment.NewLine}" + string.Join(Environment.NewLine,
                    app.ResourceNotifications.GetLogs(r.Name).TakeLast(40).Select(l => $"{l.Stream}: {l.Text}"))));
            throw new TimeoutException($"Not every resource became healthy within {StartTimeout}: {states}{Environment.NewLine}{logs}");
        }
    }

    public async Task InitializeAsync()
    {
        App = Create(_data.FullName);
        await StartAndWaitHealthyAsync(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Http.Dispose();
        _data.Delete(recursive: true);
    }

    public Uri ServiceUrl(string name) =>
        new(((Hosting.ApplicationModel.ProjectResource)App.GetResource(name)).HttpEndpoint.Allocated!.Url);

    public Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return App.ResourceNotifications.WaitForAsync(name, predicate, cts.Token);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    // One whole application at a time on this 2-core machine: every class that starts one is in here.
    public const string Name = "apphost";
}
