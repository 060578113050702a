global using ActionsDashboard.TestInfrastructure;
global using Auth.Api.FunctionalTests.Infrastructure;
