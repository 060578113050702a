// Chaos (default) and soak runs of the whole application started through the AppHost. See bench/chaos.sh, bench/soak.sh.
var soak = args.Contains("--soak");
var options = new BenchOptions(
    Rate: Option("--rate", soak ? 50 : 20),
    Seconds: Option("--seconds", 60),
    Minutes: Option("--minutes", 30),
    Browsers: Option("--browsers", 50),
    Streams: Option("--streams", 500),
    SampleSeconds: Option("--sample-seconds", 60),
    SlopeLimitMbPerMinute: Option("--slope-limit", 2));

return soak ? await Soak.RunAsync(options) : await Chaos.RunAsync(options);

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}

internal sealed record BenchOptions(int Rate, int Seconds, int Minutes, int Browsers, int Streams, int SampleSeconds, int SlopeLimitMbPerMinute);
