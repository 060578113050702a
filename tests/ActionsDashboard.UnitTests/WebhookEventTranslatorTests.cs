using ActionsDashboard.GitHub.Webhooks;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.IntegrationEvents;

namespace ActionsDashboard.UnitTests;

/// <summary>GitHub's deliveries (the samples in <c>samples/github/webhooks</c>) into the events Webhooks.Api publishes.
/// Runs and jobs are covered field by field by the contract tests.</summary>
public sealed class WebhookEventTranslatorTests
{
    private static IReadOnlyList<ActionsDashboard.EventBus.Events.IntegrationEvent> Translate(string sample, string deliveryId = "delivery-1") =>
        WebhookEventTranslator.Translate(WebhookEventParser.Parse(Samples.EventNameOf(sample), Samples.Webhook(sample)), deliveryId);

    [Fact]
    public void A_tag_deleted_by_a_push_is_a_push_with_the_tag_and_no_branch_or_head_commit()
    {
        var push = Assert.IsType<PushReceived>(Assert.Single(Translate("push.json", "d-42")));

        Assert.Equal("d-42", push.DeliveryId);
        Assert.Equal("Codertocat/Hello-World", push.Repository.FullName);
        Assert.Equal("refs/tags/simple-tag", push.Ref);
        Assert.Equal("simple-tag", push.Tag);
        Assert.Null(push.Branch);
        Assert.True(push.Deleted);
        Assert.False(push.Created);
        Assert.Null(push.HeadCommitId);
        Assert.Equal(0, push.CommitCount);
        Assert.Equal("Codertocat", push.Sender);
    }

    [Fact]
    public void An_opened_pull_request_keeps_its_number_title_and_state()
    {
        var pullRequest = Assert.IsType<PullRequestChanged>(Assert.Single(Translate("pull_request.opened.json")));

        Assert.Equal("opened", pullRequest.Action);
        Assert.Equal(2, pullRequest.Number);
        Assert.Equal("Update the README with new information.", pullRequest.Title);
        Assert.Equal("open", pullRequest.State);
        Assert.False(pullRequest.Merged);
        Assert.Equal("Codertocat/Hello-World", pullRequest.Repository.FullName);
    }

    [Theory]
    [InlineData("ping.json")]
    [InlineData("check_run.completed.json")]
    [InlineData("workflow_dispatch.json")]
    public void Deliveries_the_dashboard_does_not_use_yield_nothing(string sample)
    {
        Assert.False(WebhookEventTranslator.IsUsed(Samples.EventNameOf(sample)));
        Assert.Empty(Translate(sample));
    }

    [Fact]
    public void Every_used_sample_yields_exactly_one_event_carrying_its_delivery_id()
    {
        var used = Samples.WebhookFiles().Where(f => WebhookEventTranslator.IsUsed(Samples.EventNameOf(f))).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, sample =>
        {
            var translated = Assert.Single(Translate(sample, $"id-{sample}"));
            Assert.Equal($"id-{sample}", (string?)translated.GetType().GetProperty("DeliveryId")!.GetValue(translated));
        });
    }
}
