using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionsDashboard.TestInfrastructure;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// The bad-input corpus (issue #20, item 3): malformed and hostile values for the public surface, through the gateway to
/// the real services (the whole app from the AppHost). Fixed cases for what has a known shape (path tricks, JSON bombs, wrong
/// methods and content types, CSRF, forged identity, bad cookies) and values generated with FsCheck where the shape allows
/// (signatures, event names, delivery ids, names, query values, bodies). Every answer must be a 4xx (a problem document
/// when it has a body) and never a 5xx, and nothing refused may be stored: no delivery, no run, no settings change.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class BadInputCorpusTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const int Generated = 40;

    [Fact]
    public async Task Every_hostile_request_gets_a_4xx_problem_never_a_5xx_and_nothing_refused_is_stored()
    {
        var secret = await WebhookSecretAsync();
        var jar = new CookieContainer();
        using var signedIn = await GatewaySession.SignInAsync(fixture.GatewayUrl, "monalisa", jar);
        await GatewaySession.SelectAsync(signedIn, "octo-org/octo-repo");
        var settingsBefore = await signedIn.GetStringAsync("/api/settings");
        var cookies = jar.GetCookieHeader(BrowserCookieHandler.AsBrowserSees(fixture.GatewayUrl));
        Assert.NotEmpty(cookies);

        var corpus = new List<Case>();
        corpus.AddRange(UnsignedWebhooks());
        corpus.AddRange(SignedButMalformedWebhooks(secret));
        corpus.AddRange(ApiPaths());
        corpus.AddRange(ApiQueries());
        corpus.AddRange(SettingsBodies());
        corpus.AddRange(CsrfAndIdentity(cookies));
        corpus.AddRange(WrongMethods());

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var refusedDeliveries = new List<string>();
        var origin = fixture.GatewayUrl.GetLeftPart(UriPartial.Authority);
        foreach (var @case in corpus)
        {
            HttpRequestMessage built;
            try
            {
                built = @case.Build();
                // On the gateway's origin: the path appended as it is (resolving against a base would read "//x" as a host).
                built.RequestUri = new Uri(origin + built.RequestUri!.OriginalString);
            }
            catch (UriFormatException)
            {
                // Not even a URI HttpClient will send: nothing to ask.
                statuses[-1] = statuses.GetValueOrDefault(-1) + 1;
                continue;
            }

            using var request = built;
            if (@case.MustBeRefused && request.Headers.TryGetValues("X-GitHub-Delivery", out var ids))
            {
                refusedDeliveries.Add(ids.Single());
            }

            var client = @case.SignedIn ? signedIn : fixture.Http;

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException exception)
            {
                // The server closing the connection on a request it will not read (a header too large) is a refusal too.
                statuses[0] = statuses.GetValueOrDefault(0) + 1;
                output.WriteLine($"{@case.Name}: connection closed ({exception.Message})");
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var body = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    failures.Add($"{@case.Name}: {status} {Shorten(body)}");
                }
                else if (status < 400 && @case.MustBeRefused)
                {
                    failures.Add($"{@case.Name}: accepted with {status}, expected a 4xx");
                }
                else if (status >= 400 && body.Length > 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{@case.Name}: {status} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not a problem document");
                }
            }
        }

        output.WriteLine($"Corpus: {corpus.Count} requests; answers by status: {string.Join(", ", statuses.Select(s => $"{s.Key switch { -1 => "unsendable", 0 => "closed", _ => s.Key.ToString() }} x{s.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} hostile requests were not refused cleanly:\n{string.Join("\n", failures.Take(40))}");

        // Nothing refused was stored: none of its deliveries (the demo scenario keeps sending its own), and the user's settings
        // as they were.
        Assert.Equal(0, await CountAsync("webhooksdb", "SELECT count(*) FROM deliveries WHERE id = ANY(@ids)", refusedDeliveries.ToArray()));
        Assert.Equal(settingsBefore, await signedIn.GetStringAsync("/api/settings"));
    }

    /// <summary>Webhooks without a valid signature, whatever else they carry: 401, never stored.</summary>
    private static IEnumerable<Case> UnsignedWebhooks()
    {
        string[] fixedSignatures = ["", "sha256=", "sha256", "sha1=0123456789abcdef0123456789abcdef01234567", "sha256=zz", $"sha256={new string('0', 64)}",
            $"sha256={new string('a', 63)}", $"SHA256={new string('f', 64)}", $"sha256={new string('0', 64)} ", new string('x', 8000)];
        var generated = Samples(Hostile.Ascii, Generated);
        foreach (var signature in fixedSignatures.Concat(generated))
        {
            yield return new Case($"webhook with signature '{Shorten(signature)}'", () => Webhook("workflow_run", Guid.NewGuid().ToString(), """{"action":"completed"}""",
                r => r.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature)), MustBeRefused: true);
        }

        yield return new Case("webhook with no signature", () => Webhook("workflow_run", Guid.NewGuid().ToString(), "{}", _ => { }), MustBeRefused: true);
    }

    /// <summary>Correctly signed webhooks whose body, content type, event or delivery id is hostile.</summary>
    private static IEnumerable<Case> SignedButMalformedWebhooks(string secret)
    {
        var deep = new string('[', 200_000) + new string(']', 200_000);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000);
        string[] bodies = ["", "{", "null", "[]", "\"text\"", "{\"action\":", deep, deepObject, "{\"action\":\"completed\",\"workflow_run\":\"not an object\"}",
            "{\"action\":\"completed\",\"workflow_run\":{\"id\":\"x\"}}", "\uFEFF{}", "{\"action\":\"\\ud800\"}"];
        foreach (var body in bodies.Concat(Samples(Hostile.Json, Generated)))
        {
            // What is not one JSON object is refused. A signed JSON object of the wrong shape came from whoever holds the
            // secret (GitHub): it is kept as a failed delivery to reprocess (Webhooks.Api's design), so it may be accepted.
            yield return new Case($"signed workflow_run body '{Shorten(body)}'",
                () => Signed(secret, "workflow_run", Guid.NewGuid().ToString(), body, "application/json"), MustBeRefused: !IsJsonObject(body));
        }

        foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml" })
        {
            yield return new Case($"signed webhook as {contentType}",
                () => Signed(secret, "workflow_run", Guid.NewGuid().ToString(), """{"action":"completed"}""", contentType), MustBeRefused: true);
        }

        string[] deliveryIds = ["", "../../etc/passwd", new string('1', 500), "not-a-guid", "00000000-0000-0000-0000-00000000000g", "%00", "' OR 1=1 --"];
        foreach (var id in deliveryIds.Concat(Samples(Hostile.Ascii, Generated / 2)))
        {
            yield return new Case($"signed webhook with delivery id '{Shorten(id)}'",
                () => Signed(secret, "workflow_run", id, """{"action":"completed"}""", "application/json"), MustBeRefused: true);
        }

        // A valid signature on an event name no one sends: GitHub adds events, so it may be recorded as ignored, never a 5xx.
        foreach (var name in new[] { "", "../workflow_run", new string('e', 300), "workflow_run\u0000" }.Concat(Samples(Hostile.Ascii, Generated / 2)))
        {
            yield return new Case($"signed webhook with event '{Shorten(name)}'",
                () => Signed(secret, name, Guid.NewGuid().ToString(), """{"action":"completed"}""", "application/json"), MustBeRefused: false);
        }

        // Larger than the gateway lets through for a webhook (25 MiB).
        yield return new Case("signed webhook of 26 MiB", () => Signed(secret, "workflow_run", Guid.NewGuid().ToString(),
            "{\"pad\":\"" + new string('x', 26 * 1024 * 1024) + "\"}", "application/json"), MustBeRefused: true);
    }

    /// <summary>Owner and repository names that are not GitHub's, and path tricks, on the signed-in API.</summary>
    private static IEnumerable<Case> ApiPaths()
    {
        string[] segments = ["..", "%2e%2e", ".%2e", "%2F", "a%2Fb", "%00", "%5C..%5C", new string('a', 300), "-leading", "trailing-", "%E2%80%AE",
            "%F0%9F%92%A9", "a%20b", "%25", "~", "con", "a..b"];
        var generated = Samples(Hostile.Unicode, Generated).Select(Uri.EscapeDataString);
        foreach (var segment in segments.Concat(generated))
        {
            yield return new Case($"GET /api/repos/{Shorten(segment)}/octo-repo/runs", () => new HttpRequestMessage(HttpMethod.Get, $"/api/repos/{segment}/octo-repo/runs"),
                MustBeRefused: true, SignedIn: true);
            yield return new Case($"GET /api/repos/octo-org/{Shorten(segment)}/workflows", () => new HttpRequestMessage(HttpMethod.Get, $"/api/repos/octo-org/{segment}/workflows"),
                MustBeRefused: true, SignedIn: true);
        }

        foreach (var id in new[] { "-1", "0", "99999999999999999999", "1e5", "0x10", "%20", "1;2" })
        {
            yield return new Case($"GET run {id}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/repos/octo-org/octo-repo/runs/{id}"),
                MustBeRefused: true, SignedIn: true);
        }
    }

    /// <summary>Query values of the runs list: each is answered (a 200 for a value it can use, a 400 otherwise), never a 5xx.</summary>
    private static IEnumerable<Case> ApiQueries()
    {
        string[] names = ["page", "perPage", "status", "branch", "event", "actor", "workflowId"];
        string[] fixedValues = ["-1", "0", "101", "2147483648", "abc", "", "%00", new string('b', 2000), "success%0d%0aX: y"];
        foreach (var name in names)
        {
            foreach (var value in fixedValues.Concat(Samples(Hostile.Unicode, 4).Select(Uri.EscapeDataString)))
            {
                yield return new Case($"GET runs?{name}={Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/repos/octo-org/octo-repo/runs?{name}={value}"),
                    MustBeRefused: false, SignedIn: true);
            }
        }
    }

    /// <summary>Settings bodies that are not settings: 400 (or 413/415), the settings unchanged.</summary>
    private static IEnumerable<Case> SettingsBodies()
    {
        var many = "{\"repositories\":[" + string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"{{\"fullName\":\"o/r{i}\"}}")) + "],\"pinned\":[],\"theme\":\"system\"}";
        string[] bodies = ["", "{", "null", "[]", "{\"repositories\":\"all\"}", "{\"repositories\":[{\"fullName\":\"../etc\"}]}",
            "{\"repositories\":[{\"fullName\":\"a/b/c\"}]}", "{\"theme\":\"<script>\"}", "{\"autoRefresh\":{\"intervalSeconds\":-5}}",
            "{\"repositories\":[],\"pinned\":[\"x\"],\"theme\":\"system\",\"autoRefresh\":{\"enabled\":true,\"intervalSeconds\":1}}",
            new string('[', 100_000), many];
        foreach (var body in bodies.Concat(Samples(Hostile.Json, Generated)))
        {
            yield return new Case($"PUT /api/settings '{Shorten(body)}'", () => new HttpRequestMessage(HttpMethod.Put, "/api/settings")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            }, MustBeRefused: true, SignedIn: true);
        }

        yield return new Case("PUT /api/settings as text/plain", () => new HttpRequestMessage(HttpMethod.Put, "/api/settings")
        {
            Content = new StringContent("{\"repositories\":[]}", Encoding.UTF8, "text/plain"),
        }, MustBeRefused: true, SignedIn: true);
    }

    /// <summary>Unsafe methods without the CSRF token or with a forged one, forged identities, and cookies that are no session.</summary>
    private static IEnumerable<Case> CsrfAndIdentity(string cookies)
    {
        const string body = "{\"repositories\":[],\"pinned\":[],\"theme\":\"dark\",\"autoRefresh\":{\"enabled\":false,\"intervalSeconds\":60},\"notifications\":{\"failedRunsOnPinned\":false}}";
        foreach (var token in new[] { null, "", "forged", new string('a', 64), "%00" }.Concat(Samples(Hostile.Ascii, 10)))
        {
            yield return new Case($"PUT /api/settings with the session and CSRF token '{Shorten(token ?? "(none)")}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, "/api/settings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Cookie", cookies);
                if (token is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-CSRF-Token", token);
                }

                return request;
            }, MustBeRefused: true);
            yield return new Case($"POST rerun with the session and CSRF token '{Shorten(token ?? "(none)")}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/repos/octo-org/octo-repo/runs/1/rerun");
                request.Headers.TryAddWithoutValidation("Cookie", cookies);
                if (token is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-CSRF-Token", token);
                }

                return request;
            }, MustBeRefused: true);
        }

        string[] identities = ["eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "1", "octocat", new string('x', 4000)];
        foreach (var identity in identities)
        {
            yield return new Case($"GET /api/user with a forged X-Internal-Identity '{Shorten(identity)}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
                request.Headers.TryAddWithoutValidation("X-Internal-Identity", identity);
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {identity}");
                return request;
            }, MustBeRefused: true);
        }

        var garbage = new[] { "", "x", new string('A', 43), "../../", new string('s', 3000) }.Concat(Samples(Hostile.Ascii, 10).Select(Uri.EscapeDataString));
        foreach (var value in garbage)
        {
            foreach (var name in new[] { "__Host-session", "session" })
            {
                yield return new Case($"GET /api/dashboard with cookie {name}='{Shorten(value)}'", () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
                    request.Headers.TryAddWithoutValidation("Cookie", $"{name}={value}");
                    return request;
                }, MustBeRefused: true);
            }
        }

        yield return new Case("GET /api/user with a 20 KiB cookie", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
            request.Headers.TryAddWithoutValidation("Cookie", $"__Host-session={new string('c', 20 * 1024)}");
            return request;
        }, MustBeRefused: true);
    }

    private static IEnumerable<Case> WrongMethods()
    {
        (string Method, string Path, bool SignedIn)[] cases =
        [
            ("GET", "/webhooks/github", false), ("PUT", "/webhooks/github", false), ("DELETE", "/webhooks/github", false),
            ("DELETE", "/api/dashboard", true), ("POST", "/api/user", true), ("PATCH", "/api/settings", true),
            ("PUT", "/auth/session", false), ("TRACE", "/api/user", true), ("GET", "/api/repos/octo-org/octo-repo/runs/1/rerun", true),
        ];
        foreach (var (method, path, signedIn) in cases)
        {
            yield return new Case($"{method} {path}", () => new HttpRequestMessage(new HttpMethod(method), path), MustBeRefused: true, SignedIn: signedIn);
        }
    }

    private static HttpRequestMessage Webhook(string @event, string delivery, string body, Action<HttpRequestMessage> sign)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", @event);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", delivery);
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/corpus");
        sign(request);
        return request;
    }

    private static HttpRequestMessage Signed(string secret, string @event, string delivery, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes));
        var request = Webhook(@event, delivery, body, r => r.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature));
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    private static bool IsJsonObject(string body)
    {
        try
        {
            // The bytes that are sent (a lone surrogate in a generated string goes out as U+FFFD).
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<string> Samples(Gen<string> generator, int count) => [.. generator.Sample(30, count)];

    private async Task<string> WebhookSecretAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == "github-webhook-secret");
        return (await parameter.GetValueAsync(CancellationToken.None))!;
    }

    private async Task<long> CountAsync(string database, string sql, string[] ids)
    {
        await using var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Shorten(string value)
    {
        var printable = new string(value.Select(c => char.IsControl(c) ? '·' : c).ToArray());
        return printable.Length <= 60 ? printable : printable[..57] + "...";
    }

    private sealed record Case(string Name, Func<HttpRequestMessage> Build, bool MustBeRefused, bool SignedIn = false);

    /// <summary>Generators of hostile values (FsCheck): printable ASCII for headers (HttpClient sends nothing else), any
    /// Unicode for paths and queries, and JSON-like text for bodies.</summary>
    private static class Hostile
    {
        private static readonly string[] Fragments = ["..", "/", "\\", "%", "%00", "'", "\"", "<script>", "{", "}", "[", "]", ":", ",", "null",
            "\u202E", "\uFEFF", "💩", "\u0000", "é", "\uD800", "true", "1e309", "-0", "\n", "\t", "sha256=", "=", ";", "&", "?", "#"];

        public static Gen<string> Unicode => Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts)));

        public static Gen<string> Ascii => Unicode.Select(s => new string(s.Where(c => c is >= ' ' and <= '~').ToArray()));

        public static Gen<string> Json => Gen.OneOf(
            Unicode,
            Gen.ListOf(Gen.Elements(Fragments.Concat(["\"a\"", "1", "{\"action\":", "\"workflow_run\":"]).ToArray())).Select(parts => string.Concat(parts)));
    }
}
