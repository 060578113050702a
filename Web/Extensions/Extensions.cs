using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Web.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
    }

    /// <summary>
    /// Serves the Vite build (ClientApp/dist): fingerprinted files under /assets are cached for a year,
    /// index.html never (so a deploy is picked up at once), and client-side routes fall back to index.html.
    /// </summary>
    public static void UseClientApp(this WebApplication app)
    {
        var dist = Path.Combine(app.Environment.ContentRootPath, "ClientApp", "dist");
        if (!Directory.Exists(dist))
        {
            throw new InvalidOperationException($"The browser app has not been built: {dist} is missing. Run: dotnet build Web (it runs npm ci and the Vite build).");
        }

        var files = new PhysicalFileProvider(dist);
        app.UseResponseCompression();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => SetCacheHeaders(context.Context.Response, context.File.Name),
        });
        app.MapFallback(async context =>
        {
            SetCacheHeaders(context.Response, "index.html");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        });
    }

    private static void SetCacheHeaders(HttpResponse response, string fileName)
    {
        response.Headers[HeaderNames.CacheControl] = fileName == "index.html"
            ? "no-cache, no-store, must-revalidate"
            : "public, max-age=31536000, immutable";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
    }
}
