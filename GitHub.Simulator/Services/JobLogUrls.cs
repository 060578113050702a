using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// The short-lived, signed URLs <c>GET .../actions/jobs/{job_id}/logs</c> redirects to. On GitHub the log lives on another
/// host (blob storage) behind a pre-signed URL that expires after a minute and needs no token; here it is
/// <see cref="Path"/> on <c>Simulator:LogsUrl</c>, signed with a key made at start-up. Unset, it is the simulator's own
/// origin under its other loopback name (<c>127.0.0.1</c> ↔ <c>localhost</c>), so the log host differs from the API host
/// as on GitHub, and clients that keep the token on same-host redirects (Octokit) drop it here too.
/// </summary>
public sealed class JobLogUrls(IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
{
    /// <summary>"This link expires after 1 minute." (GitHub's REST docs, download job logs for a workflow run).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public const string Path = "/_actions-results/jobs/{job_id:long}/logs.txt";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Create(long jobId, string requestBase)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.CurrentValue.LogsUrl) ? OtherLoopbackName(requestBase) : options.CurrentValue.LogsUrl.Trim().TrimEnd('/');
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        return $"{baseUrl}/_actions-results/jobs/{jobId.ToString(CultureInfo.InvariantCulture)}/logs.txt" +
            $"?se={expires.ToString(CultureInfo.InvariantCulture)}&sp=r&sig={Signature(jobId, expires)}";
    }

    /// <summary>Null when the URL is good; otherwise why the storage refuses it.</summary>
    public string? Check(long jobId, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var se) || string.IsNullOrEmpty(signature)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(jobId, se)), Encoding.ASCII.GetBytes(signature)))
        {
            return "Signature did not match. The URL must be used exactly as GitHub's Location header gave it.";
        }
        return time.GetUtcNow().ToUnixTimeSeconds() > se ? "Signed expiry time has passed: ask GitHub's logs endpoint for a new URL." : null;
    }

    private static string OtherLoopbackName(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return baseUrl;
        }
        var host = uri.Host switch
        {
            "127.0.0.1" => "localhost",
            "localhost" => "127.0.0.1",
            _ => uri.Host,
        };
        return new UriBuilder(uri) { Host = host }.Uri.ToString().TrimEnd('/');
    }

    private string Signature(long jobId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{jobId}:{expires}")));
}
