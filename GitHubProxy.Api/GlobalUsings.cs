global using ActionsDashboard.Contracts;
global using GitHubProxy.Api.Apis;
global using GitHubProxy.Api.Extensions;
