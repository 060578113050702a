using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionsDashboard.AppHost.Tests;

/// <summary>The AppHost's model built by Aspire's testing builder (not started), and its services' environment
/// as the orchestrator would give it, with endpoints allocated on made-up ports.</summary>
internal sealed class TestModel : IAsyncDisposable
{
    private readonly IDistributedApplicationTestingBuilder _builder;

    private readonly bool _ownsData;

    private TestModel(IDistributedApplicationTestingBuilder builder, string dataPath, bool ownsData)
    {
        _builder = builder;
        DataPath = dataPath;
        _ownsData = ownsData;
    }

    public string DataPath { get; }

    public IResourceCollection Resources => _builder.Resources;

    public IResource this[string name] => Resources.Single(r => r.Name == name);

    public static Task<TestModel> BuildAsync(params string[] args) =>
        BuildOnAsync(Directory.CreateTempSubdirectory("apphost-model-").FullName, ownsData: true, args);

    /// <summary>On a given data folder, which stays when the model is disposed.</summary>
    public static async Task<TestModel> BuildOnAsync(string data, bool ownsData = false, params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ActionsDashboard_AppHost>(
            [$"--AppHost:DataPath={data}", "--AppHost:GatewayPort=0", "--AppHost:Servers=Processes", .. args]);
        return new TestModel(builder, data, ownsData);
    }

    /// <summary>A service's environment in run mode, every endpoint allocated on localhost.</summary>
    public async Task<Dictionary<string, string>> EnvironmentAsync(string name)
    {
        var port = 20000;
        foreach (var endpoint in Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", endpoint.Port ?? port++);
        }

        // Obsolete in favour of ExecutionConfigurationBuilder, but still the one call that evaluates a resource's
        // environment the way the orchestrator does.
#pragma warning disable CS0618
        return await ((IResourceWithEnvironment)this[name]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
    }

    /// <summary>What runs just before the orchestrator starts <paramref name="name"/> (its
    /// <see cref="BeforeResourceStartedEvent"/>: a local server writes its configuration then), without starting it
    /// or building the app: the subscribers get the one service they use, the resource's logger.</summary>
    public async Task BeforeStartAsync(string name)
    {
        await using var services = new ServiceCollection().AddSingleton<ResourceLoggerService>().BuildServiceProvider();
        await _builder.Eventing.PublishAsync(new BeforeResourceStartedEvent(this[name], services));
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        if (_ownsData)
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
