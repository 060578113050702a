using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.Apis;

/// <summary>What the insights endpoints need, bound with <c>[AsParameters]</c>.</summary>
/// <param name="Store">The insights queries over the read model.</param>
/// <param name="Settings">The user's settings (the selected repositories).</param>
/// <param name="AccessLists">The repositories the user can reach now, with GitHub's ids.</param>
/// <param name="Cache">The user's recent <c>/api/insights</c> answers.</param>
/// <param name="Time">The clock.</param>
public readonly record struct InsightsServices(InsightsStore Store, SettingsStore Settings, AccessLists AccessLists, InsightsCache Cache, TimeProvider Time);
