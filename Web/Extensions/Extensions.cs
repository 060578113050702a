using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Web.Infrastructure;

namespace Web.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // For index.html and anything the build did not pre-compress; pre-compressed assets already carry
        // Content-Encoding, which this middleware leaves alone.
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml"]);
        });
    }

    /// <summary>
    /// Serves the Vite build (ClientApp/dist): fingerprinted files under /assets, pre-compressed (Brotli, gzip), cached
    /// for a year as immutable; a missing one is a 404. index.html is never stored (so a deploy is picked up at once),
    /// and client-side routes fall back to it.
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
        app.UseMiddleware<PrecompressedAssets>(files);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = PrecompressedAssets.ContentTypes,
            OnPrepareResponse = context =>
            {
                PrecompressedAssets.OnPrepareResponse(context);
                SetCacheHeaders(context.Context);
            },
        });
        // Only paths without a file extension (the default pattern): /favicon.ico stays a 404, /runs/o/r/1 is the app.
        app.MapFallback(async context =>
        {
            SetCacheHeaders(context, isIndex: true);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        });
    }

    private static void SetCacheHeaders(HttpContext context, bool isIndex = false)
    {
        var path = context.Request.Path;
        var headers = context.Response.Headers;
        if (isIndex || path == "/" || path.Value?.EndsWith("/index.html", StringComparison.Ordinal) == true)
        {
            headers[HeaderNames.CacheControl] = "no-cache, no-store, must-revalidate";
        }
        else if (path.StartsWithSegments(PrecompressedAssets.AssetsPrefix, StringComparison.Ordinal))
        {
            // Content-hashed names: a new build gets new names, so these never change.
            headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
        }
        else
        {
            // Files copied as they are from public/ (favicon.svg): their names do not change between builds.
            headers[HeaderNames.CacheControl] = "public, max-age=3600";
        }

        headers[HeaderNames.XContentTypeOptions] = "nosniff";
    }
}
