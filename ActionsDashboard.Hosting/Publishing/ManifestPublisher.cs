using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.Hosting.ApplicationModel;
using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.Hosting.Publishing;

/// <summary>
/// Writes the model as an Aspire manifest (schema aspire-8.0), the input azd uses to deploy to Azure Container
/// Apps: servers become containers, databases values, projects project.v0 with their environment as
/// expressions, passwords generated secret parameters.
/// </summary>
public static class ManifestPublisher
{
    public static JsonObject CreateManifest(IReadOnlyList<Resource> resources, string manifestDirectory)
    {
        var output = new JsonObject();
        foreach (var resource in resources)
        {
            output[resource.Name] = resource switch
            {
                ServerResource server => Server(server),
                PostgresDatabaseResource database => new JsonObject
                {
                    ["type"] = "value.v0",
                    ["connectionString"] = database.ManifestConnectionString,
                },
                ProjectResource project => Project(project, manifestDirectory),
                ParameterResource parameter => Parameter(parameter),
                _ => throw new NotSupportedException($"Resource '{resource.Name}' cannot be written to a manifest."),
            };
            if (resource is RabbitMQServerResource broker)
            {
                // The AMQP URI needs the password URI-encoded: Aspire's annotated.string with the uri filter.
                output[$"{broker.Password.Name}-uri-encoded"] = new JsonObject
                {
                    ["type"] = "annotated.string",
                    ["value"] = broker.Password.ManifestExpression,
                    ["filter"] = "uri",
                };
            }
        }

        return new JsonObject { ["$schema"] = "https://json.schemastore.org/aspire-8.0.json", ["resources"] = output };
    }

    public static async Task WriteAsync(IReadOnlyList<Resource> resources, string outputPath, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var manifest = CreateManifest(resources, Path.GetDirectoryName(fullPath)!);
        await File.WriteAllTextAsync(fullPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken)
            .ConfigureAwait(false);
    }

    private static JsonObject Server(ServerResource server)
    {
        var password = server.Password.ManifestExpression;
        var (env, volumeTarget, args) = server switch
        {
            PostgresServerResource => (new JsonObject
            {
                ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256",
                ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
                ["POSTGRES_USER"] = PostgresServerResource.UserName,
                ["POSTGRES_PASSWORD"] = password,
            }, "/var/lib/postgresql/data", (JsonArray?)null),
            RedisResource => (new JsonObject { ["REDIS_PASSWORD"] = password }, "/data",
                new JsonArray("-c", "redis-server --requirepass $REDIS_PASSWORD --appendonly yes")),
            _ => (new JsonObject
            {
                ["RABBITMQ_DEFAULT_USER"] = RabbitMQServerResource.UserName,
                ["RABBITMQ_DEFAULT_PASS"] = password,
            }, "/var/lib/rabbitmq", (JsonArray?)null),
        };

        var result = new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = server.ManifestConnectionString,
            ["image"] = server.Image,
        };
        if (args is not null)
        {
            result["entrypoint"] = "/bin/sh";
            result["args"] = args;
        }

        result["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = $"actionsdashboard-{server.Name}-data",
            ["target"] = volumeTarget,
            ["readOnly"] = false,
        });
        result["env"] = env;
        result["bindings"] = Bindings(server);
        return result;
    }

    private static JsonObject Project(ProjectResource project, string manifestDirectory)
    {
        var env = new JsonObject();
        foreach (var (key, value) in ProjectRunner.BuildEnvironment(project, ExecutionMode.Publish)
                     .OrderBy(kv => kv.Key.StartsWith("OTEL_", StringComparison.Ordinal) || kv.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || kv.Key.StartsWith("HTTP", StringComparison.Ordinal) ? 0 : 1))
        {
            env[key] = value;
        }

        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(manifestDirectory, project.ProjectPath).Replace('\\', '/'),
            ["env"] = env,
            ["bindings"] = Bindings(project),
        };
    }

    private static JsonObject Bindings(Resource resource)
    {
        var bindings = new JsonObject();
        foreach (var endpoint in resource.AnnotationsOf<EndpointAnnotation>())
        {
            var binding = new JsonObject
            {
                ["scheme"] = endpoint.Scheme,
                ["protocol"] = "tcp",
                ["transport"] = endpoint.Transport,
            };
            if (endpoint.TargetPort is { } targetPort)
            {
                binding["targetPort"] = targetPort;
            }

            if (endpoint.IsExternal)
            {
                binding["external"] = true;
            }

            bindings[endpoint.Name] = binding;
        }

        return bindings;
    }

    private static JsonObject Parameter(ParameterResource parameter)
    {
        var input = new JsonObject { ["type"] = "string", ["secret"] = parameter.Secret };
        if (parameter.Generated && parameter.KeyBytes == 0)
        {
            input["default"] = new JsonObject
            {
                ["generate"] = new JsonObject { ["minLength"] = parameter.MinLength, ["special"] = false },
            };
        }

        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{parameter.Name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }
}
