using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionsDashboard.TestInfrastructure;
using Alerts.Api.FunctionalTests.Infrastructure;

namespace Alerts.Api.FunctionalTests;

/// <summary>Team rules: <c>"team": "org/slug"</c>, shared by the team's members (GitHubProxy.Api's team list, played by the
/// receiver), firing once with the rights of the member who saved it last.</summary>
[Collection(AlertsCollection.Name)]
public sealed class TeamRuleTests(AlertsFixture fixture)
{
    private const string Secret = "a-webhook-secret-of-some-length";

    private sealed record Member(long Id, HttpClient Client);

    /// <summary>A fresh team, its repository, two members who can see it and one outsider who can too.</summary>
    private (string Team, long RepositoryId, string Repository, Member Alice, Member Bob, Member Outsider) NewTeam()
    {
        var teamId = fixture.NextId();
        var team = $"octo-org/team-{teamId}";
        var repositoryId = fixture.NextId();
        var repository = $"octo-org/team-repo-{repositoryId}";
        Member NewMember(string[] teams)
        {
            var id = fixture.NextId();
            fixture.Receiver.Access[id] = new Dictionary<string, long> { [repository] = repositoryId };
            fixture.Receiver.Teams[id] = teams;
            return new Member(id, fixture.Api.ClientFor(id));
        }

        return (team, repositoryId, repository, NewMember([team, "octo-org/other"]), NewMember([team]), NewMember(["octo-org/other"]));
    }

    private object TeamRule(string repository, string? team, string hook, string name = "Team CI") => new
    {
        name, repository, team, events = new[] { "failure" },
        destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
    };

    private static async Task<JsonElement> CreateAsync(HttpClient client, object rule)
    {
        using var response = await client.PostAsJsonAsync("/api/alerts/rules", rule);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> RulesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/rules"))!;

    private Task<List<long>> RuleCountAsync(string team) =>
        fixture.Api.QueryAsync("SELECT count(*) FROM rules WHERE team = @team", r => r.GetInt64(0), ("team", team));

    [Fact]
    public async Task A_member_creates_a_team_rule_and_another_member_sees_and_edits_it()
    {
        var (team, _, repository, alice, bob, _) = NewTeam();
        var created = await CreateAsync(alice.Client, TeamRule(repository, team.ToUpperInvariant(), "team-shared"));
        var id = created.GetProperty("id").GetString();
        Assert.Equal(team, created.GetProperty("team").GetString());
        // Alice's own rule stays hers.
        var personal = await CreateAsync(alice.Client, TeamRule(repository, null, "team-personal", "Mine"));
        Assert.Equal(JsonValueKind.Null, personal.GetProperty("team").ValueKind);

        var bobs = await RulesAsync(bob.Client);
        var shared = Assert.Single(bobs);
        Assert.Equal(id, shared.GetProperty("id").GetString());
        Assert.Equal(team, shared.GetProperty("team").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetAsync($"/api/alerts/rules/{id}")).StatusCode);

        // Bob edits it (the URL and secret left out keep the stored ones) and it stays the team's.
        using var edited = await bob.Client.PutAsJsonAsync($"/api/alerts/rules/{id}", new
        {
            name = "Renamed by Bob", repository, team, events = new[] { "failure", "recovery" }, destination = new { type = "webhook" },
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var alices = await RulesAsync(alice.Client);
        Assert.Equal(2, alices.Count);
        var seen = alices.Single(r => r.GetProperty("id").GetString() == id);
        Assert.Equal("Renamed by Bob", seen.GetProperty("name").GetString());
        Assert.Equal(team, seen.GetProperty("team").GetString());
        Assert.True(seen.GetProperty("destination").GetProperty("hasSecret").GetBoolean());
    }

    [Fact]
    public async Task A_non_member_gets_a_400_naming_the_team_and_nothing_is_saved()
    {
        var (team, _, repository, _, _, outsider) = NewTeam();

        using var response = await outsider.Client.PostAsJsonAsync("/api/alerts/rules", TeamRule(repository, team, "team-refused"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").GetProperty("team").EnumerateArray()).GetString();
        Assert.Contains($"You are not a member of {team}", error);
        Assert.Empty(await RulesAsync(outsider.Client));
        Assert.Equal([0L], await RuleCountAsync(team));

        // Not a team's name at all: a 400 on the same field.
        using var malformed = await outsider.Client.PostAsJsonAsync("/api/alerts/rules", TeamRule(repository, "octo-org/not a team", "team-refused"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("team", out _));

        // Nor can a personal rule be moved into a team the caller is not in.
        var own = await CreateAsync(outsider.Client, TeamRule(repository, null, "team-own"));
        using var moved = await outsider.Client.PutAsJsonAsync($"/api/alerts/rules/{own.GetProperty("id").GetString()}", TeamRule(repository, team, "team-own"));
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Equal(JsonValueKind.Null, Assert.Single(await RulesAsync(outsider.Client)).GetProperty("team").ValueKind);
        Assert.Equal([0L], await RuleCountAsync(team));
    }

    [Fact]
    public async Task A_non_member_cannot_see_edit_test_or_delete_a_team_rule()
    {
        var (team, _, repository, alice, _, outsider) = NewTeam();
        var id = (await CreateAsync(alice.Client, TeamRule(repository, team, "team-hidden"))).GetProperty("id").GetString();

        Assert.Empty(await RulesAsync(outsider.Client));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.PutAsJsonAsync($"/api/alerts/rules/{id}", TeamRule(repository, null, "team-hidden"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.PostAsync($"/api/alerts/rules/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Empty(fixture.Receiver.For("team-hidden"));

        var rule = Assert.Single(await RulesAsync(alice.Client));
        Assert.Equal("Team CI", rule.GetProperty("name").GetString());
        Assert.Equal(team, rule.GetProperty("team").GetString());

        // A member deletes it for the whole team.
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal([0L], await RuleCountAsync(team));
    }

    [Fact]
    public async Task A_team_rule_alerts_once_and_every_member_sees_the_delivery()
    {
        var (team, repositoryId, repository, alice, bob, outsider) = NewTeam();
        var hook = $"team-once-{repositoryId}";
        await CreateAsync(alice.Client, TeamRule(repository, team, hook));

        var failure = Runs.Completed(repositoryId, repository, fixture.NextId(), "failure");
        await fixture.PublishAsync(failure);
        await fixture.PublishAsync(failure with { Id = Guid.NewGuid(), DeliveryId = Guid.NewGuid().ToString() });
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count >= 1), "the team alert");
        await Task.Delay(TimeSpan.FromMilliseconds(800));

        Assert.Single(fixture.Receiver.For(hook));
        foreach (var member in new[] { alice, bob })
        {
            var delivery = Assert.Single((await member.Client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/deliveries"))!);
            Assert.Equal("failure", delivery.GetProperty("transition").GetString());
            Assert.Equal("sent", delivery.GetProperty("status").GetString());
        }

        Assert.Empty((await outsider.Client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/deliveries"))!);
    }

    [Fact]
    public async Task A_team_rule_stops_firing_once_the_member_who_saved_it_left_the_team_until_a_member_saves_it_again()
    {
        var (team, repositoryId, repository, alice, bob, _) = NewTeam();
        var hook = $"team-left-{repositoryId}";
        var id = (await CreateAsync(alice.Client, TeamRule(repository, team, hook))).GetProperty("id").GetString();
        // Bob saves it last, then leaves the team.
        using (var saved = await bob.Client.PutAsJsonAsync($"/api/alerts/rules/{id}", TeamRule(repository, team, hook, "Saved by Bob")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        fixture.Receiver.Teams[bob.Id] = [];

        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure"));
        // A later event for another repository's rule shows the first was handled.
        var (otherTeam, otherId, other, carol, _, _) = NewTeam();
        await CreateAsync(carol.Client, TeamRule(other, otherTeam, $"team-left-other-{otherId}"));
        await fixture.PublishAsync(Runs.Completed(otherId, other, fixture.NextId(), "failure"));
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For($"team-left-other-{otherId}").Count == 1), "the other team's alert");
        Assert.Empty(fixture.Receiver.For(hook));
        // Bob no longer sees the rule either.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/alerts/rules/{id}")).StatusCode);

        // Alice, still in the team, saves it: it fires again, with her rights.
        using (var resaved = await alice.Client.PutAsJsonAsync($"/api/alerts/rules/{id}", TeamRule(repository, team, hook, "Saved by Alice")))
        {
            Assert.Equal(HttpStatusCode.OK, resaved.StatusCode);
        }

        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure") with { HeadBranch = "main" });
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count == 1), "the team alert after Alice saved the rule");
    }
}
