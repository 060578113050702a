using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>
/// The repositories a user's dashboard shows: the selected ones, then every repository of a followed owner that the
/// user's access list has now, less that owner's excluded names. The access list decides, so a repository created (or
/// newly granted) under a followed owner appears with the next refresh of the list, with no change to the settings.
/// </summary>
public static class FollowedRepositories
{
    /// <summary>
    /// Selected (in the settings' order, those the user can still reach), then followed (by full name), without
    /// duplicates, at most <see cref="Settings.MaxRepositories"/> in all: the dashboard's and the hub's limit.
    /// </summary>
    public static List<(RepositoryView Repository, string? Category)> Resolve(Settings settings, IReadOnlyCollection<RepositoryView> reachable)
    {
        var byName = new Dictionary<string, RepositoryView>(StringComparer.OrdinalIgnoreCase);
        foreach (var repository in reachable)
        {
            byName.TryAdd(repository.FullName, repository);
        }

        var result = new List<(RepositoryView, string?)>();
        var seen = new HashSet<long>();
        foreach (var selected in settings.Repositories ?? [])
        {
            if (selected.FullName is not null && byName.TryGetValue(selected.FullName, out var repository) && seen.Add(repository.Id))
            {
                result.Add((repository, selected.Category));
            }
        }

        foreach (var followed in settings.FollowedOwners ?? [])
        {
            if (followed.Owner is null)
            {
                continue;
            }

            var excluded = new HashSet<string>(followed.Exclude ?? [], StringComparer.OrdinalIgnoreCase);
            var repositories = byName.Values
                .Where(r => string.Equals(r.Owner, followed.Owner, StringComparison.OrdinalIgnoreCase) && !excluded.Contains(r.Name))
                .OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase);
            foreach (var repository in repositories)
            {
                if (seen.Add(repository.Id))
                {
                    result.Add((repository, followed.Category));
                }
            }
        }

        return result.Count > Settings.MaxRepositories ? result[..Settings.MaxRepositories] : result;
    }
}
