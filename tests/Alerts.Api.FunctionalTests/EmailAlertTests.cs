using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionsDashboard.TestInfrastructure;
using Alerts.Api.FunctionalTests.Infrastructure;
using MimeKit;

namespace Alerts.Api.FunctionalTests;

/// <summary>E-mail alerts through a real SMTP server on loopback (<see cref="SmtpTestServer"/>), configured as <c>Alerts:Smtp</c>.</summary>
[Collection(AlertsCollection.Name)]
public sealed class EmailAlertTests(AlertsFixture fixture)
{
    private (long RepositoryId, string Repository, string Address, HttpClient Client) NewUser(AlertsApiFactory api)
    {
        var user = fixture.NextId();
        var repositoryId = fixture.NextId();
        var repository = $"octo-org/mail-{repositoryId}";
        fixture.Receiver.Access[user] = new Dictionary<string, long> { [repository] = repositoryId };
        return (repositoryId, repository, $"team-{repositoryId}@example.com", api.ClientFor(user));
    }

    private static async Task<JsonElement> CreateEmailRuleAsync(HttpClient client, string repository, string address)
    {
        using var response = await client.PostAsJsonAsync("/api/alerts/rules", new
        {
            name = "CI by mail", repository, events = new[] { "failure", "recovery" }, destination = new { type = "email", address },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rule = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("email", rule.GetProperty("destination").GetProperty("type").GetString());
        Assert.Equal(address, rule.GetProperty("destination").GetProperty("address").GetString());
        return rule;
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/deliveries"))!;

    private static string Body(MimeMessage message) => message.TextBody ?? "";

    [Fact]
    public async Task Failing_run_sends_one_email_with_the_run_and_recovery_sends_one_more()
    {
        var (repositoryId, repository, address, client) = NewUser(fixture.EmailApi);
        await CreateEmailRuleAsync(client, repository, address);

        var failure = Runs.Completed(repositoryId, repository, fixture.NextId(), "failure");
        await AlertsFixture.PublishAsync(fixture.EmailApi, failure);
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Smtp.To(address).Count >= 1), "the failure e-mail");
        // A redelivered event sends nothing more.
        await AlertsFixture.PublishAsync(fixture.EmailApi, failure);
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var first = Assert.Single(fixture.Smtp.To(address));

        Assert.Equal([address], first.Envelope);
        Assert.Equal(AlertsFixture.MailFrom, first.EnvelopeFrom);
        Assert.Equal(address, Assert.Single(first.Message.To.Mailboxes).Address);
        Assert.Equal(AlertsFixture.MailFrom, Assert.Single(first.Message.From.Mailboxes).Address);
        Assert.Equal($"❌ CI failed on {repository}@main", first.Message.Subject);
        var body = Body(first.Message);
        Assert.Contains($"Repository: {repository}", body);
        Assert.Contains("Branch: main", body);
        Assert.Contains("Workflow: CI", body);
        Assert.Contains("Conclusion: failure", body);
        Assert.Contains(failure.HtmlUrl!, body);

        var success = Runs.Completed(repositoryId, repository, fixture.NextId(), "success");
        await AlertsFixture.PublishAsync(fixture.EmailApi, success);
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Smtp.To(address).Count >= 2), "the recovery e-mail");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var messages = fixture.Smtp.To(address);
        Assert.Equal(2, messages.Count);
        Assert.Equal($"✅ CI recovered on {repository}@main", messages[1].Message.Subject);
        Assert.Contains(success.HtmlUrl!, Body(messages[1].Message));

        var deliveries = await DeliveriesAsync(client);
        Assert.Equal(["recovery", "failure"], deliveries.Select(d => d.GetProperty("transition").GetString()));
        Assert.All(deliveries, d => Assert.Equal("sent", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Recipient_the_server_refuses_is_a_visible_failed_delivery_with_the_servers_reason()
    {
        var (repositoryId, repository, address, client) = NewUser(fixture.EmailApi);
        fixture.Smtp.RefusedRecipients[address] = true;
        await CreateEmailRuleAsync(client, repository, address);

        await AlertsFixture.PublishAsync(fixture.EmailApi, Runs.Completed(repositoryId, repository, fixture.NextId(), "failure"));

        // GetFromJsonAsync throws on anything but a 2xx: the list answers while the delivery fails.
        var delivery = await Eventually.WaitForAsync(async () =>
        {
            fixture.EmailApi.Clock.Advance(TimeSpan.FromSeconds(1));
            return (await DeliveriesAsync(client)).FirstOrDefault();
        }, d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(20), "the delivery to fail");
        Assert.Single(await DeliveriesAsync(client));
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        // 550 is the server's final word: trying again cannot help, so one attempt.
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        var error = delivery.GetProperty("lastError").GetString()!;
        Assert.Contains($"refused the recipient {address}", error);
        Assert.Contains("550", error);
        Assert.Empty(fixture.Smtp.To(address));
    }

    [Fact]
    public async Task SMTP_server_not_listening_is_retried_then_a_visible_failed_delivery()
    {
        await using var api = await fixture.StartApiAsync(AlertsFixture.SmtpSettings(SmtpTestServer.FreePort()));
        var (repositoryId, repository, address, client) = NewUser(api);
        await CreateEmailRuleAsync(client, repository, address);

        await AlertsFixture.PublishAsync(api, Runs.Completed(repositoryId, repository, fixture.NextId(), "failure"));

        var delivery = await Eventually.WaitForAsync(async () =>
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            return (await DeliveriesAsync(client)).FirstOrDefault();
        }, d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(30), "the delivery to fail");

        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal("Could not connect to the SMTP server (ConnectionRefused).", delivery.GetProperty("lastError").GetString());
        Assert.Equal(repository, delivery.GetProperty("repository").GetString());
    }

    [Fact]
    public async Task Send_test_for_an_email_rule_arrives()
    {
        var (_, repository, address, client) = NewUser(fixture.EmailApi);
        var rule = await CreateEmailRuleAsync(client, repository, address);

        using var response = await client.PostAsync($"/api/alerts/rules/{rule.GetProperty("id").GetString()}/test", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", delivery.GetProperty("status").GetString());
        var received = Assert.Single(fixture.Smtp.To(address));
        Assert.Equal($"🔔 Test alert from ActionsDashboard for {repository}", received.Message.Subject);
        Assert.Contains($"Repository: {repository}", Body(received.Message));

        // The same rule's test with the recipient refused: answered as a failed delivery, not an error.
        fixture.Smtp.RefusedRecipients[address] = true;
        using var refused = await client.PostAsync($"/api/alerts/rules/{rule.GetProperty("id").GetString()}/test", null);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var failed = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("550", failed.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task SMTP_password_goes_to_the_server_only_and_a_wrong_one_is_a_failed_delivery_that_never_repeats_it()
    {
        const string Password = "smtp-password-7f3a9c-never-logged";
        const string WrongPassword = "wrong-password-91bc4e-never-logged";
        await using var smtp = await SmtpTestServer.StartAsync(("alerts-sender", Password));
        var settings = AlertsFixture.SmtpSettings(smtp.Port);
        settings["Alerts:Smtp:UserName"] = "alerts-sender";
        settings["Alerts:Smtp:Password"] = Password;
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var api = await fixture.StartApiAsync(settings);
        await using var wrong = await fixture.StartApiAsync(new Dictionary<string, string?>(settings) { ["Alerts:Smtp:Password"] = WrongPassword });

        var (_, repository, address, client) = NewUser(api);
        var rule = await CreateEmailRuleAsync(client, repository, address);
        using var sent = await client.PostAsync($"/api/alerts/rules/{rule.GetProperty("id").GetString()}/test", null);
        Assert.Equal("sent", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Single(smtp.To(address));
        Assert.Equal(["alerts-sender"], smtp.SignedIn);

        var (_, otherRepository, otherAddress, otherClient) = NewUser(wrong);
        var refusedRule = await CreateEmailRuleAsync(otherClient, otherRepository, otherAddress);
        using var refused = await otherClient.PostAsync($"/api/alerts/rules/{refusedRule.GetProperty("id").GetString()}/test", null);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var failed = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("lastError").GetString()!;
        Assert.Contains("refused the user name and password", error);
        Assert.Empty(smtp.To(otherAddress));

        var body = await (await otherClient.GetAsync("/api/alerts/deliveries")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(WrongPassword, body);
        var logs = api.Logs.Concat(wrong.Logs).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, line => line.Contains("refused the user name and password", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains(WrongPassword, StringComparison.Ordinal));
    }
}
