using System.Reflection;
using Microsoft.Extensions.Configuration;
using ActionsDashboard.Hosting;
using ActionsDashboard.Hosting.ApplicationModel;

namespace ActionsDashboard.AppHost;

/// <summary>The application model: every server and service, what each references and waits for.</summary>
public static class AppModel
{
    /// <summary>Settings under <c>GitHub:</c> that every GitHub-facing service receives as <c>GitHub__*</c>.
    /// The secret ones become secret parameters in a deployment manifest.</summary>
    public static readonly (string Key, bool Secret)[] GitHubSettings =
    [
        ("ApiBaseUrl", false),
        ("WebBaseUrl", false),
        ("AppId", false),
        ("ClientId", false),
        ("ClientSecret", true),
        ("PrivateKey", true),
        ("WebhookSecret", true),
    ];

    /// <summary>The AppHost project's folder, recorded at build time; project paths are relative to it.</summary>
    public static string AppHostDirectory =>
        typeof(AppModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostProjectDirectory").Value!;

    /// <summary>The model built outside the AppHost's own process (tests, benchmarks): the same resources,
    /// with <paramref name="settings"/> applied last (ports, data folder).</summary>
    public static DistributedApplication CreateApplication(IDictionary<string, string?>? settings = null, params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AppHostDirectory = AppHostDirectory,
            Settings = settings,
        });
        return builder.AddActionsDashboard().Build();
    }

    public static IDistributedApplicationBuilder AddActionsDashboard(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var authdb = postgres.AddDatabase("authdb");
        var dashboarddb = postgres.AddDatabase("dashboarddb");
        var webhooksdb = postgres.AddDatabase("webhooksdb");
        var redis = builder.AddRedis("redis");
        var eventbus = builder.AddRabbitMQ("eventbus");

        var authApi = builder.AddProject("auth-api", "../Auth.Api/Auth.Api.csproj")
            .WithReference(authdb).WaitFor(authdb)
            .WithReference(redis).WaitFor(redis)
            .WithGitHubSettings();

        var githubProxyApi = builder.AddProject("githubproxy-api", "../GitHubProxy.Api/GitHubProxy.Api.csproj")
            .WithReference(dashboarddb).WaitFor(dashboarddb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(eventbus).WaitFor(eventbus)
            .WithReference(authApi)
            .WithGitHubSettings();

        var webhooksApi = builder.AddProject("webhooks-api", "../Webhooks.Api/Webhooks.Api.csproj")
            .WithReference(webhooksdb).WaitFor(webhooksdb)
            .WithReference(eventbus).WaitFor(eventbus)
            .WithGitHubSettings();

        var realtimeHub = builder.AddProject("realtime-hub", "../Realtime.Hub/Realtime.Hub.csproj")
            .WithReference(eventbus).WaitFor(eventbus)
            .WithReference(githubProxyApi);

        var web = builder.AddProject("web", "../Web/Web.csproj");

        var gatewayPort = builder.Configuration.GetValue("AppHost:GatewayPort", 8080);
        builder.AddProject("gateway", "../Gateway/Gateway.csproj")
            .WithHttpEndpoint(port: gatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(redis).WaitFor(redis)
            .WithReference(authApi).WaitFor(authApi)
            .WithReference(githubProxyApi).WaitFor(githubProxyApi)
            .WithReference(webhooksApi).WaitFor(webhooksApi)
            .WithReference(realtimeHub).WaitFor(realtimeHub)
            .WithReference(web).WaitFor(web);

        return builder;
    }

    /// <summary>Passes <c>GitHub:*</c> from the AppHost's configuration on as <c>GitHub__*</c>; in a manifest,
    /// secrets become parameters (<c>{github-clientsecret.value}</c>) that azd asks for.</summary>
    private static IResourceBuilder<ProjectResource> WithGitHubSettings(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        foreach (var (key, secret) in GitHubSettings)
        {
            var parameterName = $"github-{key.ToLowerInvariant()}";
            if (builder.Mode == ExecutionMode.Publish)
            {
                var parameter = builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == parameterName)
                    ?? builder.AddParameter(parameterName, secret).Resource;
                project.WithEnvironment($"GitHub__{key}", parameter.ManifestExpression);
            }
            else if (builder.Configuration[$"GitHub:{key}"] is { Length: > 0 } value)
            {
                project.WithEnvironment($"GitHub__{key}", value);
            }
        }

        return project;
    }
}
