var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultGatewayAddress();
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestIds();

app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
public partial class Program;
