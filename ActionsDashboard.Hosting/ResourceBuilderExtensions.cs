using ActionsDashboard.Hosting.ApplicationModel;

namespace ActionsDashboard.Hosting;

/// <summary>Aspire's vocabulary for building the model: AddPostgres, AddProject, WithReference, WaitFor...</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>A value supplied from <c>Parameters:{name}</c> here, and asked for (or taken from the
    /// environment) at deployment.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
    {
        var parameter = new ParameterResource(name, secret) { Value = builder.Configuration[$"Parameters:{name}"] };
        return builder.AddResource(parameter);
    }

    /// <summary>A secret generated on first run and kept in the data folder (unless <c>Parameters:{name}</c> gives
    /// it); a deployment generates its own.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedParameter(this IDistributedApplicationBuilder builder, string name, int minLength = 22) =>
        builder.AddResource(new ParameterResource(name, secret: true, generated: true, minLength) { Value = builder.Configuration[$"Parameters:{name}"] });

    /// <summary>A base64 key of <paramref name="bytes"/> random bytes, generated on first run and kept in the
    /// data folder (unless <c>Parameters:{name}</c> gives it); a deployment asks for it.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedKey(this IDistributedApplicationBuilder builder, string name, int bytes = 32) =>
        builder.AddResource(new ParameterResource(name, secret: true, generated: true) { KeyBytes = bytes, Value = builder.Configuration[$"Parameters:{name}"] });

    /// <summary>An environment variable holding a parameter: its value here, <c>{name.value}</c> in a manifest.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            context.Variables[name] = context.IsPublishMode ? parameter.Resource.ManifestExpression : parameter.Resource.GetValue()));
        return builder;
    }

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddGeneratedParameter($"{name}-password");
        return builder.AddResource(new PostgresServerResource(name, password.Resource)).WithExistingServerFromConfiguration();
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource)
        {
            ExistingConnectionString = server.ApplicationBuilder.Configuration[$"ConnectionStrings:{name}"] is { Length: > 0 } existing ? existing : null,
        };
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddGeneratedParameter($"{name}-password");
        return builder.AddResource(new RedisResource(name, password.Resource)).WithExistingServerFromConfiguration();
    }

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddGeneratedParameter($"{name}-password");
        return builder.AddResource(new RabbitMQServerResource(name, password.Resource)).WithExistingServerFromConfiguration();
    }

    /// <summary>A project of this repository; the path is relative to the AppHost project's folder.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        var project = new ProjectResource(name, fullPath);
        project.Annotations.Add(new EndpointAnnotation("http", "http", transport: "http"));
        project.Annotations.Add(new HttpHealthCheckAnnotation("/health", "http"));
        return builder.AddResource(project);
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http")
        where T : Resource, IResourceWithEndpoints
    {
        var existing = builder.Resource.AnnotationsOf<EndpointAnnotation>().FirstOrDefault(e => e.Name == name);
        if (existing is not null)
        {
            existing.Port = port;
        }
        else
        {
            builder.Resource.Annotations.Add(new EndpointAnnotation(name, "http", transport: "http", port: port));
        }

        return builder;
    }

    /// <summary>Marks the project's HTTP endpoints as reachable from outside the deployment (ingress).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : Resource, IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.AnnotationsOf<EndpointAnnotation>().Where(e => e.Transport == "http"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    /// <summary>Gives the project <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination, TSource>(this IResourceBuilder<TDestination> builder, IResourceBuilder<TSource> source)
        where TDestination : Resource, IResourceWithEnvironment
        where TSource : Resource, IResourceWithConnectionString
    {
        var target = source.Resource;
        builder.Resource.Annotations.Add(new ReferenceAnnotation(target));
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            context.Variables[$"ConnectionStrings__{target.Name}"] = context.IsPublishMode
                ? $"{{{target.Name}.connectionString}}"
                : target.GetConnectionString()));
        return builder;
    }

    /// <summary>Gives the project <c>services__{name}__{endpoint}__0</c> for each of the other project's endpoints.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(this IResourceBuilder<TDestination> builder, IResourceBuilder<ProjectResource> source)
        where TDestination : Resource, IResourceWithEnvironment
    {
        var target = source.Resource;
        builder.Resource.Annotations.Add(new ReferenceAnnotation(target));
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
        {
            foreach (var endpoint in target.AnnotationsOf<EndpointAnnotation>())
            {
                context.Variables[$"services__{target.Name}__{endpoint.Name}__0"] = context.IsPublishMode
                    ? $"{{{target.Name}.bindings.{endpoint.Name}.url}}"
                    : (endpoint.Allocated ?? throw new InvalidOperationException($"'{target.Name}' has no allocated '{endpoint.Name}' endpoint.")).Url;
            }
        }));
        return builder;
    }

    /// <summary>Holds this resource until <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' cannot wait for itself.");
        }

        builder.Resource.Annotations.Add(new WaitAnnotation(dependency.Resource));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.Variables[name] = value));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentContext> callback)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(callback));
        return builder;
    }

    /// <summary>Aspire's AddConnectionString idea applied to a server: <c>ConnectionStrings:{name}</c> in the
    /// AppHost's configuration means "use that existing server instead of starting one".</summary>
    private static IResourceBuilder<T> WithExistingServerFromConfiguration<T>(this IResourceBuilder<T> builder)
        where T : ServerResource
    {
        if (builder.ApplicationBuilder.Configuration[$"ConnectionStrings:{builder.Resource.Name}"] is { Length: > 0 } existing)
        {
            builder.Resource.ExistingConnectionString = existing;
        }

        return builder;
    }
}
