using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Web.Infrastructure;

/// <summary>
/// Serves the Brotli or gzip file the Vite build wrote beside each asset (<c>index-3f2a1b.js.br</c>) to browsers that
/// accept it, so nothing is compressed per request and the best (slowest) compression level costs nothing at run time.
/// Runs before the static file middleware: it only rewrites the path; <see cref="ContentTypes"/> keeps the original type
/// and <see cref="OnPrepareResponse"/> adds <c>Content-Encoding</c>.
/// </summary>
public sealed class PrecompressedAssets(RequestDelegate next, IFileProvider files)
{
    public const string AssetsPrefix = "/assets";
    private const string EncodingItem = "precompressed-encoding";

    /// <summary>Content types by the file's name without a trailing <c>.br</c> / <c>.gz</c>.</summary>
    public static readonly IContentTypeProvider ContentTypes = new EncodedContentTypeProvider();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.StartsWithSegments(AssetsPrefix, StringComparison.Ordinal))
        {
            var path = request.Path.Value!;
            if (!files.GetFileInfo(path).Exists)
            {
                // A missing fingerprinted file is a 404, never the app's index.html (which a browser would cache as script).
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            foreach (var (encoding, extension) in Preferred(request.Headers.AcceptEncoding))
            {
                if (files.GetFileInfo(path + extension).Exists)
                {
                    request.Path = new PathString(path + extension);
                    context.Items[EncodingItem] = encoding;
                    break;
                }
            }
        }

        return next(context);
    }

    public static void OnPrepareResponse(StaticFileResponseContext context)
    {
        if (context.Context.Items[EncodingItem] is string encoding)
        {
            context.Context.Response.Headers.ContentEncoding = encoding;
        }
    }

    private static IEnumerable<(string Encoding, string Extension)> Preferred(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values))
        {
            yield break;
        }

        bool Accepts(string name) => values.Any(v => StringSegment.Equals(v.Value, name, StringComparison.OrdinalIgnoreCase) && (v.Quality ?? 1) > 0);
        if (Accepts("br"))
        {
            yield return ("br", ".br");
        }

        if (Accepts("gzip"))
        {
            yield return ("gzip", ".gz");
        }
    }

    private sealed class EncodedContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _inner = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            if (subpath.EndsWith(".br", StringComparison.Ordinal) || subpath.EndsWith(".gz", StringComparison.Ordinal))
            {
                subpath = subpath[..^3];
            }

            return _inner.TryGetContentType(subpath, out contentType!);
        }
    }
}
