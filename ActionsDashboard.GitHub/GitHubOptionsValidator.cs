using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub;

/// <summary>Fails start-up when a base URL is not an absolute http(s) URL without query or fragment.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();
        CheckBaseUrl(options.ApiBaseUrl, "GitHub:ApiBaseUrl", failures);
        CheckBaseUrl(options.WebBaseUrl, "GitHub:WebBaseUrl", failures);
        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("GitHub:UserAgent must not be empty: GitHub rejects API requests without a User-Agent.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckBaseUrl(string? value, string key, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            failures.Add($"{key} must be an absolute http(s) URL without query or fragment (got '{value}').");
        }
    }
}
