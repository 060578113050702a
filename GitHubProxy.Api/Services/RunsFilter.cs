using System.Security.Cryptography;
using System.Text;

namespace GitHubProxy.Api.Services;

public sealed record RunsFilter(string? Branch, string? Status, string? Event, string? Actor, long? WorkflowId, int Page, int PerPage)
{
    public string CacheKey()
    {
        var text = $"{Branch}\n{Status}\n{Event}\n{Actor}\n{WorkflowId}\n{Page}\n{PerPage}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}
