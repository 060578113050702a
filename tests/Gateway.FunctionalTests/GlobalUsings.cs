global using ActionsDashboard.TestInfrastructure;
global using Gateway.FunctionalTests.Infrastructure;
