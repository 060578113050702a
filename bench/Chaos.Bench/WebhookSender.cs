using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>Signed <c>workflow_run</c> and <c>workflow_job</c> deliveries POSTed at the gateway as GitHub sends them, built from
/// the samples in <c>samples/github/webhooks</c> with unique ids, current timestamps and the simulator's repository
/// (its real id and full name, so the read model and the hub accept them).</summary>
internal sealed class WebhookSender(Uri gateway, string secret, long repositoryId, string repository) : IDisposable
{
    /// <summary>Ids above anything the simulator or an earlier run produced: 9·10⁹ + seconds of the epoch × 1000.</summary>
    private readonly long _firstId = 9_000_000_000L + DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000_000 * 1000;
    private readonly JsonNode _run = JsonNode.Parse(File.ReadAllBytes(Samples("workflow_run.requested.json")))!;
    private readonly JsonNode _job = JsonNode.Parse(File.ReadAllBytes(Samples("workflow_job.queued.json")))!;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256, ConnectTimeout = TimeSpan.FromSeconds(3) })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public ConcurrentDictionary<long, Delivery> Deliveries { get; } = new();

    /// <summary>Delivery <paramref name="index"/>: even ones are runs, odd ones jobs (of the run just before).</summary>
    public async Task SendAsync(int index)
    {
        var isRun = index % 2 == 0;
        var id = _firstId + index;
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var json = (isRun ? _run : _job).DeepClone();
        json["repository"] = _run["repository"]!.DeepClone();
        json["repository"]!["id"] = repositoryId;
        json["repository"]!["full_name"] = repository;
        json["repository"]!["name"] = repository.Split('/')[1];
        if (isRun)
        {
            var run = json["workflow_run"]!;
            run["id"] = id;
            run["run_number"] = index;
            run["created_at"] = now;
            run["updated_at"] = now;
            run["run_started_at"] = now;
            run["repository"] = json["repository"]!.DeepClone();
            run["head_repository"] = json["repository"]!.DeepClone();
        }
        else
        {
            var job = json["workflow_job"]!;
            job["id"] = id;
            job["run_id"] = id - 1;
            job["created_at"] = now;
            job["started_at"] = now;
        }

        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        var delivery = new Delivery(id, isRun ? "run" : "job", Guid.NewGuid().ToString(), DateTime.UtcNow);
        Deliveries[id] = delivery;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", isRun ? "workflow_run" : "workflow_job");
        request.Headers.Add("X-GitHub-Delivery", delivery.DeliveryId);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/chaos-bench");
        try
        {
            using var response = await _http.SendAsync(request);
            delivery.Status = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            delivery.Status = 0;
            delivery.Error = exception.GetType().Name;
        }
    }

    /// <summary>Sends <paramref name="rate"/> a second until <paramref name="stop"/> (or <paramref name="total"/> sent).</summary>
    public async Task<int> RunAsync(int rate, int total, CancellationToken stop)
    {
        var begin = System.Diagnostics.Stopwatch.GetTimestamp();
        var posts = new List<Task>();
        var i = 0;
        for (; i < total && !stop.IsCancellationRequested; i++)
        {
            var due = begin + (long)(i * (double)System.Diagnostics.Stopwatch.Frequency / rate);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(2, CancellationToken.None);
            }

            posts.Add(SendAsync(i));
            if (posts.Count > 10_000)
            {
                posts.RemoveAll(p => p.IsCompleted);
            }
        }

        await Task.WhenAll(posts);
        return i;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A webhook sample in <c>samples/github/webhooks</c> of the repository (the folder with ActionsDashboard.sln).</summary>
    private static string Samples(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new FileNotFoundException($"samples/github/webhooks/{name} not found above {AppContext.BaseDirectory}.")
            : Path.Combine(directory.FullName, "samples", "github", "webhooks", name);
    }
}

/// <summary>One delivery: <see cref="Status"/> is the gateway's answer, 0 for a connection error or a timeout.</summary>
internal sealed class Delivery(long id, string kind, string deliveryId, DateTime sentAt)
{
    public long Id { get; } = id;
    public string Kind { get; } = kind;
    public string DeliveryId { get; } = deliveryId;
    public DateTime SentAt { get; } = sentAt;
    public int? Status { get; set; }
    public string? Error { get; set; }
    public bool Acknowledged => Status is >= 200 and < 300;
}
