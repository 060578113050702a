using ActionsDashboard.AppHost;
using ActionsDashboard.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddActionsDashboard();

await using var app = builder.Build();
await app.RunAsync();
