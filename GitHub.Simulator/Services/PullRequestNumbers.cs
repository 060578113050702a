namespace GitHub.Simulator.Services;

/// <summary>The simulated pull request of a branch: one open pull request per non-default branch, numbered from 40.</summary>
public static class PullRequestNumbers
{
    public static int Of(Repository repository, string branch)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var index = repository.Branches.ToList().IndexOf(branch);
        return 40 + Math.Max(0, index);
    }
}
