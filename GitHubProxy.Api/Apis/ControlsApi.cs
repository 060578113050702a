using System.Text;
using System.Text.Json;
using ActionsDashboard.GitHub.Models;
using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// The remaining controls, each with the user's own token and GitHub's answer as the permission check: run a workflow
/// that has <c>workflow_dispatch</c> (its form read from the workflow file at the chosen ref), and approve or reject a
/// run waiting for an environment's reviewers. The gateway checks CSRF on the POSTs.
/// </summary>
public static class ControlsApi
{
    /// <summary>GitHub's limit on a dispatch's inputs ("You can define up to 10 inputs for a workflow_dispatch event").</summary>
    public const int MaxInputs = 10;

    /// <summary>Workflow files larger than this are not read (GitHub's contents API inlines files up to 1 MB).</summary>
    public const int MaxWorkflowFileBytes = 256 * 1024;

    public const int MaxCommentLength = 1000;

    public static RouteGroupBuilder MapControlsApi(this RouteGroupBuilder api)
    {
        var repository = api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess().WithTags("Controls");
        repository.MapGet("/workflows/{workflowId:long:min(1)}/dispatch", GetDispatchFormAsync).WithName("GetDispatchForm")
            .WithSummary("Whether a workflow can be run by hand at a ref, and the inputs its file declares there.");
        repository.MapPost("/workflows/{workflowId:long:min(1)}/dispatches", DispatchAsync).WithName("DispatchWorkflow")
            .WithSummary("Checks the inputs against the workflow file and asks GitHub, with the user's token, to run the workflow.");
        repository.MapGet("/runs/{id:long:min(1)}/pending-deployments", ListPendingDeploymentsAsync).WithName("ListPendingDeployments")
            .WithSummary("The environments a run waits for, and whether the user may approve them.");
        repository.MapPost("/runs/{id:long:min(1)}/pending-deployments", ReviewAsync).WithName("ReviewPendingDeployments")
            .WithSummary("Approves or rejects the environments a run waits for, with the user's token.");
        return api;
    }

    public static async Task<Results<Ok<DispatchFormResponse>, ProblemHttpResult, ValidationProblem>> GetDispatchFormAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long workflowId, string? @ref, GitHubRestClient client,
        [AsParameters] RunsServices services, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = repository.View;
        var gitRef = string.IsNullOrWhiteSpace(@ref) ? view.DefaultBranch : @ref.Trim();
        if (RefProblem(gitRef) is { } refProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ref"] = [refProblem] }, title: "Invalid ref");
        }
        var read = await ReadDeclarationAsync(user, view, workflowId, gitRef, client, services, response, cancellationToken);
        if (read.Problem is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(new DispatchFormResponse(workflowId, read.Path!, gitRef, read.Declaration!.Dispatchable, read.Declaration.Inputs, view.CanRerun));
    }

    public static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult, ValidationProblem>> DispatchAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long workflowId, DispatchRequest request, GitHubRestClient client,
        [AsParameters] RunsServices services, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = repository.View;
        var gitRef = request.Ref?.Trim() ?? "";
        if (RefProblem(gitRef) is { } refProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ref"] = [refProblem] }, title: "Invalid ref");
        }

        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in request.Inputs ?? [])
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    sent[name] = value.GetString()!;
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    sent[name] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                    break;
                case JsonValueKind.Number:
                    sent[name] = value.GetRawText();
                    break;
                default:
                    errors[$"inputs.{name}"] = ["An input's value must be a string, a boolean or a number."];
                    break;
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid inputs");
        }

        var read = await ReadDeclarationAsync(user, view, workflowId, gitRef, client, services, response, cancellationToken);
        if (read.Problem is { } problem)
        {
            return problem;
        }
        if (!read.Declaration!.Dispatchable)
        {
            return TypedResults.Problem(title: "This workflow cannot be run by hand",
                detail: $"{read.Path} at {gitRef} has no workflow_dispatch trigger: add one to its 'on:' to run it from here.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        var (inputs, inputErrors) = WorkflowDispatchReader.Validate(read.Declaration, sent, MaxInputs);
        if (inputErrors.Count > 0)
        {
            return TypedResults.ValidationProblem(inputErrors, title: "Invalid inputs",
                detail: $"The inputs do not match what {read.Path} declares at {gitRef}.");
        }

        return await WriteAsync(user, view, "run this workflow", services, response, (request, ct) =>
            client.CreateWorkflowDispatchAsync(view.Owner, view.Name, workflowId,
                new WorkflowDispatchRequest { Ref = gitRef, Inputs = inputs }, request, ct), cancellationToken);
    }

    public static async Task<Results<Ok<PendingDeploymentsResponse>, ProblemHttpResult>> ListPendingDeploymentsAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, GitHubRestClient client, [AsParameters] RunsServices services,
        CancellationToken cancellationToken)
    {
        var view = repository.View;
        try
        {
            var answer = await client.ListPendingDeploymentsAsync(view.Owner, view.Name, id, await services.GitHub.RequestAsync(user, null, cancellationToken),
                cancellationToken);
            await services.Budget.RecordAsync(user.UserId, answer.RateLimit);
            var deployments = (answer.Value ?? []).Select(d => new PendingDeploymentView(d.Environment.Id, d.Environment.Name ?? "", d.Environment.HtmlUrl,
                d.WaitTimer, d.WaitTimerStartedAt, d.CurrentUserCanApprove,
                d.Reviewers.Select(r => r.Reviewer?.Login ?? r.Reviewer?.Name ?? r.Reviewer?.Slug ?? "").Where(n => n.Length > 0).ToArray())).ToArray();
            return TypedResults.Ok(new PendingDeploymentsResponse(deployments));
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return Problems.NotFound("Run");
        }
    }

    public static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult, ValidationProblem>> ReviewAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, ReviewRequest request, GitHubRestClient client,
        [AsParameters] RunsServices services, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EnvironmentIds is not { Length: > 0 } ids || ids.Any(e => e < 1))
        {
            errors["environmentIds"] = ["Name at least one waiting environment by its id."];
        }
        if (request.State is not ("approved" or "rejected"))
        {
            errors["state"] = ["state must be 'approved' or 'rejected'."];
        }
        if (request.Comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [$"A comment is at most {MaxCommentLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid review");
        }

        var view = repository.View;
        var review = new PendingDeploymentReview
        {
            EnvironmentIds = request.EnvironmentIds!.Distinct().ToList(),
            State = request.State!,
            Comment = request.Comment?.Trim() ?? "",
        };
        var result = await WriteAsync(user, view, request.State == "approved" ? "approve this deployment" : "reject this deployment", services, response,
            (options, ct) => client.ReviewPendingDeploymentsAsync(view.Owner, view.Name, id, review, options, ct), cancellationToken);
        if (result.Result is Accepted<ActionAccepted>)
        {
            await services.GitHub.ForgetRunAsync(user, view, id);
        }
        return result;
    }

    private sealed record DeclarationRead(string? Path, DispatchDeclaration? Declaration, ProblemHttpResult? Problem);

    /// <summary>The workflow's path, then its file at the ref, parsed; a problem a person can act on for each way that fails.</summary>
    private static async Task<DeclarationRead> ReadDeclarationAsync(CurrentUser user, RepositoryView view, long workflowId, string gitRef,
        GitHubRestClient client, RunsServices services, HttpResponse response, CancellationToken cancellationToken)
    {
        string path;
        try
        {
            var workflow = await client.GetWorkflowAsync(view.Owner, view.Name, workflowId, await services.GitHub.RequestAsync(user, null, cancellationToken),
                cancellationToken);
            await services.Budget.RecordAsync(user.UserId, workflow.RateLimit);
            path = workflow.Value?.Path ?? "";
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return new DeclarationRead(null, null, Problems.NotFound("Workflow"));
        }
        if (!path.StartsWith(".github/workflows/", StringComparison.Ordinal))
        {
            // Dynamic workflows (Dependabot, Pages, code scanning) have no file of their own to run.
            return new DeclarationRead(path, null, TypedResults.Problem(title: "This workflow cannot be run by hand",
                detail: $"'{path}' is not a workflow file in .github/workflows, so it has no workflow_dispatch trigger.",
                statusCode: StatusCodes.Status422UnprocessableEntity));
        }

        RepositoryContent content;
        try
        {
            var answer = await client.GetContentAsync(view.Owner, view.Name, path, gitRef, await services.GitHub.RequestAsync(user, null, cancellationToken),
                cancellationToken);
            await services.Budget.RecordAsync(user.UserId, answer.RateLimit);
            content = answer.Value!;
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            var missingRef = exception.GitHubMessage?.Contains("No commit found", StringComparison.OrdinalIgnoreCase) == true;
            return new DeclarationRead(path, null, TypedResults.Problem(
                title: missingRef ? "Branch or tag not found" : "Workflow file not found",
                detail: missingRef
                    ? $"{view.FullName} has no branch, tag or commit '{gitRef}'. Pick one that exists."
                    : $"{path} does not exist at '{gitRef}'. Pick a branch or tag where the workflow file exists.",
                statusCode: StatusCodes.Status404NotFound));
        }

        if (content.Type != "file" || content.Size > MaxWorkflowFileBytes || content.Encoding != "base64" || content.Content is null)
        {
            return new DeclarationRead(path, null, TypedResults.Problem(title: "Workflow file not readable",
                detail: $"{path} at '{gitRef}' is not a file of at most {MaxWorkflowFileBytes / 1024} KiB that GitHub sends inline.",
                statusCode: StatusCodes.Status422UnprocessableEntity));
        }

        string yaml;
        try
        {
            yaml = Encoding.UTF8.GetString(Convert.FromBase64String(content.Content.Replace("\n", "", StringComparison.Ordinal)));
        }
        catch (FormatException)
        {
            return new DeclarationRead(path, null, TypedResults.Problem(title: "Workflow file not readable",
                detail: $"GitHub's copy of {path} at '{gitRef}' could not be decoded.", statusCode: StatusCodes.Status502BadGateway));
        }

        try
        {
            return new DeclarationRead(path, WorkflowDispatchReader.Read(yaml), null);
        }
        catch (FormatException exception)
        {
            return new DeclarationRead(path, null, TypedResults.Problem(title: "Invalid workflow file",
                detail: $"{path} at '{gitRef}': {exception.Message} Fix the file, or pick another branch.",
                statusCode: StatusCodes.Status422UnprocessableEntity));
        }
    }

    private static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult, ValidationProblem>> WriteAsync(
        CurrentUser user, RepositoryView repository, string action, RunsServices services, HttpResponse response,
        Func<GitHubRequestOptions, CancellationToken, Task<GitHubResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await call(await services.GitHub.RequestAsync(user, null, cancellationToken), cancellationToken);
            await services.Budget.RecordAsync(user.UserId, answer.RateLimit);
            return TypedResults.Accepted((string?)null, ActionAccepted.Requested);
        }
        catch (GitHubApiException exception)
        {
            if (exception.IsRateLimit)
            {
                await services.Budget.BlockAsync(user.UserId, exception.RetryAfter, exception.RateLimit);
                Problems.SetRetryAfter(response,
                    exception.RetryAfter ?? exception.RateLimit?.Reset - services.Time.GetUtcNow() ?? TimeSpan.FromMinutes(1));
            }
            else
            {
                await services.Budget.RecordAsync(user.UserId, exception.RateLimit);
            }
            return ForControl(exception, action, repository);
        }
    }

    /// <summary>GitHub's refusal of a dispatch or review, worded so a person knows what to do.</summary>
    private static ProblemHttpResult ForControl(GitHubApiException exception, string action, RepositoryView repository)
    {
        var said = exception.GitHubMessage is { Length: > 0 } message ? $" (GitHub said: \"{message}\")" : "";
        return exception.Kind switch
        {
            GitHubErrorKind.PermissionDenied or GitHubErrorKind.Unauthorized => TypedResults.Problem(
                title: "GitHub refused",
                detail: $"GitHub did not let you {action}: it needs write access to {repository.FullName}{said}. Ask an admin of the repository for it.",
                statusCode: StatusCodes.Status403Forbidden),
            GitHubErrorKind.NotFound => TypedResults.Problem(
                title: "Not found",
                detail: $"GitHub no longer has this workflow or run in {repository.FullName}{said}. Reload the page.",
                statusCode: StatusCodes.Status404NotFound),
            GitHubErrorKind.ValidationFailed or GitHubErrorKind.Conflict => TypedResults.Problem(
                title: "GitHub rejected the request",
                detail: $"GitHub would not {action}{said}. Check the branch, the inputs or the run's state and try again.",
                statusCode: StatusCodes.Status422UnprocessableEntity),
            _ when exception.IsRateLimit => TypedResults.Problem(
                title: "GitHub rate limit",
                detail: $"GitHub is limiting requests for your account right now{said}. Try again later.",
                statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Problem(
                title: "GitHub failed",
                detail: $"GitHub could not {action} just now{said}. Try again in a moment.",
                statusCode: StatusCodes.Status502BadGateway),
        };
    }

    private static string? RefProblem(string gitRef) =>
        gitRef.Length == 0 ? "Name the branch or tag to run the workflow on."
        : gitRef.Length > 255 || gitRef.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') || gitRef.Contains("..", StringComparison.Ordinal)
            ? "That is not a valid branch or tag name."
            : null;
}
