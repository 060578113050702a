var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();

app.MapDefaultEndpoints();
app.MapHomePage();
app.MapOAuthApi();
app.MapRestApi();
app.MapControlApi();

app.Run();

public partial class Program;
