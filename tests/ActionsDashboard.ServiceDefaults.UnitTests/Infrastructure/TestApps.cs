using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Infrastructure;

internal static class TestApps
{
    /// <summary>
    /// A web application on the in-memory test server. Each gets its own application name, so its
    /// own ActivitySource and Meter names do not meet another test's.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = $"test-service-{Guid.NewGuid():N}",
            EnvironmentName = "Production",
            // The made-up application name is no assembly to scan for hosting startups.
            Args = ["--preventHostingStartup=true"],
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return builder;
    }

    /// <summary>A real Kestrel listener on 127.0.0.1 and a port the system picks.</summary>
    public static async Task<WebApplication> StartKestrelAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    public static Uri Address(this WebApplication app) => new(app.Urls.Single());
}
