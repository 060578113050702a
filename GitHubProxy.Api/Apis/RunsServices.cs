using GitHubProxy.Api.Services;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Apis;

/// <summary>The services a run's read from the read model and the re-run and cancel endpoints share, bound with <c>[AsParameters]</c>.</summary>
/// <param name="GitHub">GitHub's data through the cache, with the user's token.</param>
/// <param name="ReadModel">The read model the webhooks keep current.</param>
/// <param name="Coverage">Whether the read model covers a repository for the user.</param>
/// <param name="Budget">The user's GitHub rate-limit budget.</param>
/// <param name="Time">The clock.</param>
/// <param name="Options">GitHubProxy's settings.</param>
public readonly record struct RunsServices(
    GitHubData GitHub,
    ReadModelStore ReadModel,
    DashboardBuilder Coverage,
    RateLimitBudget Budget,
    TimeProvider Time,
    IOptionsMonitor<GitHubProxyOptions> Options);
