var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();

// GitHub Enterprise Server's layout too: /api/v3/... becomes the path base, so every route also answers under it
// (clients such as Octokit add the prefix to any base address that is not api.github.com). Routing must come after it.
app.UsePathBase(SimulatorUrls.EnterpriseApiPrefix);
app.UseRouting();

app.MapDefaultEndpoints();
app.MapHomePage();
app.MapOAuthApi();
app.MapRestApi();
app.MapTeamsApi();
app.MapControlApi();

app.Run();

public partial class Program;
