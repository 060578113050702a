using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionsDashboard.TestInfrastructure;
using Alerts.Api.FunctionalTests.Infrastructure;

namespace Alerts.Api.FunctionalTests;

[Collection(AlertsCollection.Name)]
public sealed class RuleApiTests(AlertsFixture fixture)
{
    private const string Secret = "a-webhook-secret-of-some-length";

    private object ValidRule(string? url = null) => new
    {
        name = "CI", repository = "octo-org/octo-repo", events = new[] { "failure" },
        destination = new { type = "webhook", url = url ?? fixture.Receiver.HookUrl("valid"), secret = Secret },
    };

    public static TheoryData<string, string> BadRules() => new()
    {
        { "no name", """{"name":"","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "long name", $$$"""{"name":"{{{new string('n', 101)}}}","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "no slash", """{"name":"n","repository":"octo-org","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "three parts", """{"name":"n","repository":"a/b/c","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "owner hyphen", """{"name":"n","repository":"-bad/repo","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "dot dot", """{"name":"n","repository":"o/..","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "owner wildcard", """{"name":"n","repository":"*/repo","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "name glob", """{"name":"n","repository":"o/re*","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "branch dots", """{"name":"n","repository":"o/r","branch":"a..b","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "branch colon", """{"name":"n","repository":"o/r","branch":"a:b","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "branch trailing slash", """{"name":"n","repository":"o/r","branch":"release/","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "branch space", """{"name":"n","repository":"o/r","branch":"my branch","events":["failure"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "no events", """{"name":"n","repository":"o/r","events":[],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "unknown event", """{"name":"n","repository":"o/r","events":["explosion"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "queued without minutes", """{"name":"n","repository":"o/r","events":["queued"],"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "queued 0", """{"name":"n","repository":"o/r","events":["queued"],"queuedMinutes":0,"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "queued 1441", """{"name":"n","repository":"o/r","events":["queued"],"queuedMinutes":1441,"destination":{"type":"slack","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "no destination", """{"name":"n","repository":"o/r","events":["failure"]}""" },
        { "unknown destination", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"pager","url":"https://hooks.slack.com/services/T/B/X"}}""" },
        { "outside allow-list", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"https://example.com/hook"}}""" },
        { "plain http", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"http://hooks.slack.com/services/T/B/X"}}""" },
        { "metadata address", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"webhook","url":"https://169.254.169.254/latest/meta-data","secret":"a-webhook-secret-of-some-length"}}""" },
        { "private address", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"webhook","url":"https://10.1.2.3/hook","secret":"a-webhook-secret-of-some-length"}}""" },
        { "private IPv6", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"webhook","url":"https://[fd00::1]/hook","secret":"a-webhook-secret-of-some-length"}}""" },
        { "user info", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"https://u:p@hooks.slack.com/services/T/B/X"}}""" },
        { "relative URL", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"slack","url":"/services/T/B/X"}}""" },
        { "webhook without secret", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"webhook","url":"https://hooks.slack.com/x"}}""" },
        { "short secret", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"webhook","url":"https://hooks.slack.com/x","secret":"short"}}""" },
        { "e-mail without SMTP", """{"name":"n","repository":"o/r","events":["failure"],"destination":{"type":"email","address":"team@example.com"}}""" },
        { "not JSON", """{"name": """ },
        { "wrong types", """{"name":1,"repository":true,"events":"failure"}""" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Invalid_rule_is_refused_with_a_problem_and_nothing_is_stored(string why, string json)
    {
        using var client = fixture.Api.ClientFor(fixture.NextId());
        using var response = await client.PostAsync("/api/alerts/rules", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/rules"))!);
    }

    [Fact]
    public async Task Rule_is_stored_per_user_and_another_users_rule_is_not_found()
    {
        using var owner = fixture.Api.ClientFor(fixture.NextId());
        using var stranger = fixture.Api.ClientFor(fixture.NextId());
        using var created = await owner.PostAsJsonAsync("/api/alerts/rules", ValidRule());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/alerts/rules/{id}", ValidRule())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/alerts/rules/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<List<JsonElement>>("/api/alerts/rules"))!);
        Assert.Single((await owner.GetFromJsonAsync<List<JsonElement>>("/api/alerts/rules"))!);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/alerts/rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task Secret_and_url_are_never_answered_nor_stored_in_the_clear_and_an_edit_keeps_them()
    {
        using var client = fixture.Api.ClientFor(fixture.NextId());
        using var created = await client.PostAsJsonAsync("/api/alerts/rules", ValidRule(fixture.Receiver.HookUrl("secret-path-token")));
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("secret-path-token", text);
        var rule = JsonDocument.Parse(text).RootElement;
        Assert.True(rule.GetProperty("destination").GetProperty("hasSecret").GetBoolean());
        Assert.Equal("127.0.0.1", rule.GetProperty("destination").GetProperty("host").GetString());
        var id = rule.GetProperty("id").GetString()!;

        var stored = await fixture.Api.QueryAsync("SELECT row_to_json(r)::text FROM rules r WHERE id = @id", r => r.GetString(0), ("id", Guid.Parse(id)));
        Assert.DoesNotContain(Secret, stored.Single());
        Assert.DoesNotContain("secret-path-token", stored.Single());

        // The edit form cannot send back what it never got: the URL and secret are kept.
        using var edited = await client.PutAsJsonAsync($"/api/alerts/rules/{id}", new
        {
            name = "Renamed", repository = "octo-org/octo-repo", events = new[] { "failure", "recovery" }, destination = new { type = "webhook" },
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var test = await client.PostAsync($"/api/alerts/rules/{id}/test", null);
        Assert.Equal("sent", (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var received = Assert.Single(fixture.Receiver.For("secret-path-token"));
        Assert.StartsWith("sha256=", received.Headers["X-ActionsDashboard-Signature-256"]);
        Assert.Contains("Renamed", received.Text);
    }

    [Fact]
    public async Task Bad_deliveries_limit_is_a_400()
    {
        using var client = fixture.Api.ClientFor(fixture.NextId());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts/deliveries?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts/deliveries?limit=100000")).StatusCode);
    }

    [Fact]
    public async Task Unsigned_request_is_refused()
    {
        using var client = fixture.Api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alerts/rules")).StatusCode);
    }
}

/// <summary>Alerts.Api as deployed: loopback not allowed, the default allow-list.</summary>
public sealed class StrictAllowListTests : IClassFixture<StrictAllowListTests.StrictFixture>
{
    private readonly StrictFixture _fixture;

    public StrictAllowListTests(StrictFixture fixture) => _fixture = fixture;

    public sealed class StrictFixture : IAsyncLifetime
    {
        public PostgresServerFixture Postgres { get; } = new();

        public RabbitMQServerFixture RabbitMQ { get; } = new();

        public Receiver Receiver { get; private set; } = null!;

        public AlertsApiFactory Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Task.WhenAll(Postgres.InitializeAsync(), RabbitMQ.InitializeAsync());
            Receiver = await Receiver.StartAsync(TestSecrets.NewApiKey());
            Api = new AlertsApiFactory(Postgres, RabbitMQ, Receiver, new Dictionary<string, string?> { ["Alerts:AllowLoopback"] = "false" });
        }

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            await Receiver.DisposeAsync();
            await RabbitMQ.DisposeAsync();
            await Postgres.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("loopback receiver", "RECEIVER")]
    [InlineData("localhost over https", "https://localhost/hook")]
    [InlineData("loopback literal", "https://127.0.0.1/hook")]
    [InlineData("IPv6 loopback", "https://[::1]/hook")]
    [InlineData("IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/hook")]
    [InlineData("metadata", "https://169.254.169.254/latest/meta-data")]
    [InlineData("private", "https://10.0.0.5/hook")]
    [InlineData("private 192.168", "https://192.168.1.1/hook")]
    [InlineData("unlisted host", "https://example.org/hook")]
    public async Task Internal_or_unlisted_destination_is_refused(string why, string url)
    {
        using var client = _fixture.Api.ClientFor(42);
        using var response = await client.PostAsJsonAsync("/api/alerts/rules", new
        {
            name = why, repository = "octo-org/octo-repo", events = new[] { "failure" },
            destination = new { type = "webhook", url = url == "RECEIVER" ? _fixture.Receiver.HookUrl("strict") : url, secret = "a-webhook-secret-of-some-length" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("destination.url", out _), why);
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX", "slack")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/abc", "teams")]
    public async Task Slack_and_Teams_hosts_are_allowed_by_default(string url, string type)
    {
        using var client = _fixture.Api.ClientFor(43);
        using var response = await client.PostAsJsonAsync("/api/alerts/rules", new
        {
            name = type, repository = "octo-org/*", events = new[] { "failure" }, destination = new { type, url },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
