using System.Text.Json.Serialization;
using ActionsDashboard.GitHub.Apps;

namespace ActionsDashboard.GitHub.Models;

/// <summary>
/// Source-generated (reflection-free) serialisation for every GitHub shape this library reads. Public so callers
/// can cache and replay bodies with the same snake_case names GitHub uses.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthenticatedUser))]
[JsonSerializable(typeof(SimpleUser))]
[JsonSerializable(typeof(Repository))]
[JsonSerializable(typeof(List<Repository>))]
[JsonSerializable(typeof(List<Team>))]
[JsonSerializable(typeof(WorkflowRun))]
[JsonSerializable(typeof(WorkflowRunList))]
[JsonSerializable(typeof(WorkflowJob))]
[JsonSerializable(typeof(WorkflowJobList))]
[JsonSerializable(typeof(List<CheckAnnotation>))]
[JsonSerializable(typeof(Workflow))]
[JsonSerializable(typeof(WorkflowList))]
[JsonSerializable(typeof(Installation))]
[JsonSerializable(typeof(InstallationList))]
[JsonSerializable(typeof(InstallationRepositoryList))]
[JsonSerializable(typeof(RateLimitOverview))]
[JsonSerializable(typeof(InstallationAccessToken))]
[JsonSerializable(typeof(RepositoryContent))]
[JsonSerializable(typeof(List<PendingDeployment>))]
[JsonSerializable(typeof(WorkflowDispatchRequest))]
[JsonSerializable(typeof(PendingDeploymentReview))]
[JsonSerializable(typeof(RunnerList))]
public sealed partial class GitHubJsonContext : JsonSerializerContext;
