global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json.Nodes;
global using ActionsDashboard.TestInfrastructure;
global using GitHubProxy.Api.FunctionalTests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
