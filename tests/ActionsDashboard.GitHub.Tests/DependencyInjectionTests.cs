using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.GitHub.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void Add_github_client_binds_the_github_section_and_resolves_every_service()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:ApiBaseUrl"] = "https://ghe.example.com/api/v3",
            ["GitHub:WebBaseUrl"] = "https://ghe.example.com",
            ["GitHub:AppId"] = "12345",
            ["GitHub:ClientId"] = "Iv1.abc",
            ["GitHub:WebhookSecret"] = "current",
            ["GitHub:WebhookSecrets:0"] = "previous",
        }).Build();
        using var provider = new ServiceCollection().AddGitHubClient(configuration).BuildServiceProvider(validateScopes: true);

        var options = provider.GetRequiredService<IOptions<GitHubOptions>>().Value;

        Assert.Equal("https://ghe.example.com/api/v3", options.ApiBaseUrl);
        Assert.Equal(["current", "previous"], options.GetWebhookSecrets());
        Assert.NotNull(provider.GetRequiredService<GitHubRestClient>());
        Assert.NotNull(provider.GetRequiredService<GitHubOAuthClient>());
        Assert.NotNull(provider.GetRequiredService<GitHubAppJwtFactory>());
        Assert.NotNull(provider.GetRequiredService<GitHubAppInstallationTokenCache>());
        Assert.True(provider.GetRequiredService<GitHubWebhookVerifier>().HasSecret);
        Assert.DoesNotContain("current", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Host_builder_extension_rejects_an_invalid_api_base_url_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GitHub:ApiBaseUrl"] = "api.github.com" });
        builder.AddGitHubClient();
        using var host = builder.Build();

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains("GitHub:ApiBaseUrl", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_point_at_github_com()
    {
        using var provider = new ServiceCollection().AddGitHubClient(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GitHubOptions>>().Value;

        Assert.Equal("https://api.github.com", options.ApiBaseUrl);
        Assert.Equal("https://github.com", options.WebBaseUrl);
        Assert.Equal(new Uri("https://ghe.example.com/api/v3/repos/o/r"), GitHubOptions.Combine("https://ghe.example.com/api/v3", "/repos/o/r"));
    }
}
