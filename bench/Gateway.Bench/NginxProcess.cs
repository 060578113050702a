using System.Diagnostics;
using System.Net;

/// <summary>
/// Debian's nginx as the reference proxy (issue #17, goal 1): the same upstream as the gateway, with keep-alive to it
/// (an upstream block with <c>keepalive</c>, HTTP/1.1 and no <c>Connection: close</c>), no access log, one worker per
/// core. Started in a temporary prefix of its own and stopped after.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, Uri url)
    {
        _process = process;
        _prefix = prefix;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<NginxProcess> StartAsync(string upstream, string readyPath)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (Debian: apt-get install nginx-light); bench/compare.sh installs it.");
        var prefix = Directory.CreateTempSubdirectory("gateway-bench-nginx-").FullName;
        var port = ActionsDashboard.TestInfrastructure.LocalServers.FreeTcpPort();
        var upstreamAddress = new Uri(upstream).Authority;
        // As root, nginx's workers would switch to "nobody"; they only need the temporary prefix.
        var user = Environment.UserName == "root" ? "user root;" : "";
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            {{user}}
            worker_processes auto;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                upstream service {
                    server {{upstreamAddress}};
                    keepalive 128;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://service;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(binary, ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
        var nginx = new NginxProcess(process, prefix, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri(nginx.Url, readyPath))).StatusCode == HttpStatusCode.OK)
                {
                    return nginx;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        var log = File.Exists(Path.Combine(prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")) : "";
        await nginx.DisposeAsync();
        throw new InvalidOperationException($"nginx did not answer {readyPath} within 20 s. {await process.StandardError.ReadToEndAsync()} {log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The master and its workers.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
