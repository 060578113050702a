using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Auth.Api.Services;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Webhooks.Api.IntegrationEvents;
using Webhooks.Api.Model;

namespace ActionsDashboard.UnitTests.Properties;

/// <summary>Properties of the pure pieces that judge or parse outside input, over generated hostile values (FsCheck).</summary>
public sealed class InputProperties
{
    private static readonly Uri Origin = new("https://dashboard.example.test/");

    [Property(MaxTest = 3000)]
    public Property A_return_url_judged_local_never_leaves_the_origin() =>
        Prop.ForAll(Generators.UrlLike.ToArbitrary(), url =>
        {
            if (!ReturnUrls.IsLocal(url))
            {
                return ReturnUrls.LocalOrDefault(url) == ReturnUrls.Default;
            }

            var resolved = new Uri(Origin, url);
            return resolved.Scheme == Origin.Scheme && resolved.Authority == Origin.Authority && ReturnUrls.LocalOrDefault(url) == url;
        });

    [Property(MaxTest = 3000)]
    public Property A_valid_owner_or_repository_name_is_one_url_path_segment_as_it_is() =>
        Prop.ForAll(Generators.Text.ToArbitrary(), name =>
            (!GitHubNames.IsValidOwner(name) || (Uri.EscapeDataString(name) == name && name.Length <= 39 && name[0] != '-' && name[^1] != '-'))
            && (!GitHubNames.IsValidRepositoryName(name) || (Uri.EscapeDataString(name) == name && name is not ("." or "..") && name.Length <= 100)));

    [Property(MaxTest = 2000)]
    public Property A_link_header_never_throws_whatever_it_holds() =>
        Prop.ForAll(Generators.Text.ToArbitrary(), value =>
        {
            var links = LinkHeader.Parse(value, Origin);
            return links.Relations.Values.All(uri => uri.IsAbsoluteUri);
        });

    [Property(MaxTest = 1000)]
    public Property The_links_github_writes_read_back_as_written()
    {
        var link = from rel in Gen.Elements("next", "prev", "first", "last")
                   from page in Gen.Choose(1, 100_000)
                   from perPage in Gen.Choose(1, 100)
                   from path in Gen.Elements("/repositories/1296269/actions/runs", "/user/repos", "/api/v3/repos/o/r/actions/runs")
                   select (Rel: rel, Uri: new Uri($"https://api.github.com{path}?per_page={perPage}&page={page}"));
        var links = Gen.ListOf(link).Select(all => all.DistinctBy(l => l.Rel).ToList());
        return Prop.ForAll(links.ToArbitrary(), all =>
        {
            var parsed = LinkHeader.Parse(string.Join(", ", all.Select(l => $"<{l.Uri.AbsoluteUri}>; rel=\"{l.Rel}\"")));
            return parsed.Relations.Count == all.Count && all.All(l => parsed.Get(l.Rel) == l.Uri);
        });
    }

    /// <summary>Whatever GitHub (or an attacker holding the secret) puts in a run's fields, an authentic delivery is
    /// kept: translated into a run with a name, a status and an attempt of at least 1, or stored as failed or ignored
    /// with the reason. Never an exception, which would be a 5xx and a lost delivery.</summary>
    [Property(MaxTest = 500)]
    public Property Any_value_in_a_run_delivery_is_translated_or_kept_with_a_reason()
    {
        var sample = JsonNode.Parse(Samples.Webhook("workflow_run.completed.json"))!;
        var value = Gen.OneOf(
            Generators.Text.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Choose(-5, 5).Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Constant((JsonNode?)null),
            Gen.Constant((JsonNode?)new JsonArray()),
            Gen.Constant((JsonNode?)new JsonObject()));
        var field = Gen.Elements("name", "display_title", "status", "conclusion", "run_attempt", "head_branch", "head_sha", "event",
            "created_at", "run_started_at", "html_url", "workflow_id", "id");
        var edits = Gen.ListOf(from key in field from v in value select (Key: key, Value: v));
        var action = Gen.Elements("requested", "in_progress", "completed", "teleported");
        return Prop.ForAll(action.ToArbitrary(), edits.ToArbitrary(), (act, changes) =>
        {
            var payload = sample.DeepClone();
            payload["action"] = act;
            foreach (var (key, v) in changes)
            {
                payload["workflow_run"]![key] = v?.DeepClone();
            }

            var translation = DeliveryTranslation.Translate("workflow_run", Encoding.UTF8.GetBytes(payload.ToJsonString()), "d-1");
            return translation.State switch
            {
                DeliveryState.Received => translation.Events.Count == 1 && translation.Events[0] is WorkflowRunChanged run
                    && !string.IsNullOrWhiteSpace(run.Name) && !string.IsNullOrWhiteSpace(run.Status) && run.RunAttempt >= 1,
                DeliveryState.Failed or DeliveryState.Ignored => translation.Events.Count == 0 && !string.IsNullOrEmpty(translation.Error),
                _ => false,
            };
        });
    }
}
