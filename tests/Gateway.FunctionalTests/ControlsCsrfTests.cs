using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.FunctionalTests;

/// <summary>The controls' POSTs (run a workflow, review a deployment) are unsafe requests like a re-run: no CSRF header, no service.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ControlsCsrfTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/api/repos/octo-org/infra/workflows/2823525/dispatches", """{"ref":"main","inputs":{"version":"v1"}}""")]
    [InlineData("/api/repos/octo-org/infra/runs/42/pending-deployments", """{"environmentIds":[1],"state":"approved","comment":""}""")]
    public async Task A_control_without_the_csrf_header_is_403_and_never_reaches_the_service(string path, string body)
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        var before = fixture.Services.Seen.Count;

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Gateway(path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("CSRF check failed", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        Assert.Equal(before, fixture.Services.Seen.Count);
    }
}
