global using GitHubProxy.Api.Apis;
global using GitHubProxy.Api.Extensions;
global using ActionsDashboard.Contracts;
