global using ActionsDashboard.FunctionalTests;
global using Auth.Api.FunctionalTests.Infrastructure;
