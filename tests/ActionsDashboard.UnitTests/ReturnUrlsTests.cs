using Auth.Api.Services;

namespace ActionsDashboard.UnitTests;

/// <summary>After sign-in the browser goes back only to a path of this origin: no open redirect.</summary>
public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/runs/octo-org/octo-repo/42")]
    [InlineData("/?status=failure&q=flaky#top")]
    [InlineData("/repositories/%2F%2Fnot-a-host")]
    public void A_path_on_this_origin_is_kept(string url)
    {
        Assert.True(ReturnUrls.IsLocal(url));
        Assert.Equal(url, ReturnUrls.LocalOrDefault(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("/runs\\..\\..\\evil")]
    [InlineData("/a b")]
    [InlineData("/\t/evil.example")]
    [InlineData("/a\u0000")]
    [InlineData("/a\u2028b")]
    public void Anything_else_becomes_the_home_page(string? url)
    {
        Assert.False(ReturnUrls.IsLocal(url));
        Assert.Equal(ReturnUrls.Default, ReturnUrls.LocalOrDefault(url));
    }

    [Fact]
    public void A_path_longer_than_2048_characters_is_refused()
    {
        Assert.True(ReturnUrls.IsLocal("/" + new string('a', 2047)));
        Assert.False(ReturnUrls.IsLocal("/" + new string('a', 2048)));
    }
}
