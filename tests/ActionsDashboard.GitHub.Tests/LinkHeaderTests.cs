using ActionsDashboard.GitHub.Rest;

namespace ActionsDashboard.GitHub.Tests;

public sealed class LinkHeaderTests
{
    [Fact]
    public void Link_header_from_the_pagination_docs_is_parsed()
    {
        // https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api#using-link-headers
        var links = LinkHeader.Parse(
            "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", " +
            "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", " +
            "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", " +
            "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"");

        Assert.Equal("https://api.github.com/repositories/1300192/issues?page=4", links.Next?.AbsoluteUri);
        Assert.Equal("https://api.github.com/repositories/1300192/issues?page=2", links.Prev?.AbsoluteUri);
        Assert.Equal("https://api.github.com/repositories/1300192/issues?page=1", links.First?.AbsoluteUri);
        Assert.Equal("https://api.github.com/repositories/1300192/issues?page=515", links.Last?.AbsoluteUri);
    }

    [Fact]
    public void Link_header_with_unquoted_and_multiple_relations_and_commas_in_urls_is_parsed()
    {
        var links = LinkHeader.Parse(
            "<https://api.github.com/x?labels=a,b&page=2>; rel=next, <https://api.github.com/x?page=9>; title=\"a, b\"; rel=\"last end\"");

        Assert.Equal("https://api.github.com/x?labels=a,b&page=2", links.Next?.OriginalString);
        Assert.Equal("https://api.github.com/x?page=9", links.Last?.AbsoluteUri);
        Assert.Equal(links.Last, links.Get("end"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<not a url>; rel=\"next\"")]
    public void Missing_or_unusable_link_header_has_no_next_page(string? value)
    {
        Assert.Null(LinkHeader.Parse(value).Next);
    }

    [Fact]
    public void Relative_link_is_resolved_against_the_request()
    {
        var links = LinkHeader.Parse("</api/v3/user/repos?page=2>; rel=\"next\"", new Uri("https://ghe.example.com/api/v3/user/repos"));

        Assert.Equal("https://ghe.example.com/api/v3/user/repos?page=2", links.Next?.AbsoluteUri);
    }
}
