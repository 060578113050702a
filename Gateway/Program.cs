var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultGatewayAddress();
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseRequestIds();
app.BlockInternalRoutes();
app.UseRouting();
app.UseRateLimitPerIp();
app.UseRequestSizeLimits();
app.UseSessionCheck();
app.UseRateLimitPerUser();

// The public origin: its health endpoints count against the per-address limit like any request.
app.MapDefaultEndpoints(exemptFromRateLimits: false);
app.MapReverseProxy();

app.Run();
public partial class Program;
