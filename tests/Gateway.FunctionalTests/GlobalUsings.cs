global using ActionsDashboard.FunctionalTests;
global using Gateway.FunctionalTests.Infrastructure;
