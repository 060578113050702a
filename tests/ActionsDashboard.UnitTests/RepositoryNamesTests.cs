using Realtime.Hub.Model;

namespace ActionsDashboard.UnitTests;

/// <summary>What Realtime.Hub accepts as a repository name from a client before it asks the access list.</summary>
public sealed class RepositoryNamesTests
{
    [Theory]
    [InlineData("octo-org/octo-repo")]
    [InlineData("Codertocat/.github")]
    [InlineData("a/b")]
    public void GitHub_names_are_well_formed(string fullName) => Assert.True(RepositoryNames.IsWellFormed(fullName));

    [Theory]
    [InlineData("octo-org/octo-repo\n")]
    [InlineData("octo-org\n/octo-repo")]
    [InlineData("-octo/repo")]
    [InlineData("octo-org/..")]
    [InlineData("octo-org")]
    [InlineData("")]
    public void Anything_else_is_not_even_with_a_trailing_newline(string fullName) => Assert.False(RepositoryNames.IsWellFormed(fullName));
}
