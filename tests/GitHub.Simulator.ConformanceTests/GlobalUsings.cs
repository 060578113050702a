global using GitHub.Simulator.ConformanceTests.Infrastructure;
global using Octokit;
