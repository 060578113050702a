using ActionsDashboard.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddActionsDashboard();

builder.Build().Run();
