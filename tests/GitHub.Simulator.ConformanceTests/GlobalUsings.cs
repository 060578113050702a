global using GitHub.Simulator.ConformanceTests.Infrastructure;
global using GitHub.Simulator.Tests.Infrastructure;
global using Octokit;
