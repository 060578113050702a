var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultGatewayAddress();
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseRequestIds();
app.BlockInternalRoutes();
app.UseRouting();
app.UseRateLimitPerIp();
app.UseRequestSizeLimits();
app.UseSessionCheck();
app.UseRateLimitPerUser();

app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
public partial class Program;
