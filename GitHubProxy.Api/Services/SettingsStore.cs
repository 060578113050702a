using GitHubProxy.Api.Infrastructure;
using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GitHubProxy.Api.Services;

/// <summary>Users' settings in dashboarddb, and the rules a saved <see cref="Settings"/> must meet.</summary>
public sealed class SettingsStore(IDbContextFactory<DashboardDbContext> contexts, DashboardVersions versions, DashboardMemo memo, TimeProvider time)
{
    public async Task<Settings?> FindAsync(long userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return row?.Settings;
    }

    public async Task<Settings> GetAsync(long userId, CancellationToken cancellationToken) =>
        await FindAsync(userId, cancellationToken) ?? Settings.Default;

    /// <summary>
    /// <see cref="GetAsync"/> through this instance's <see cref="DashboardMemo"/>: one Redis read while the settings are
    /// unchanged, for a read on every dashboard request. The version is read before the row, so a row remembered under it is
    /// never older than it; a save on any replica raises it (<see cref="SaveAsync"/>).
    /// </summary>
    public async Task<Settings> GetCurrentAsync(long userId, CancellationToken cancellationToken)
    {
        var version = await versions.GetSettingsVersionAsync(userId);
        if (version is not null && memo.TryGetSettings(userId, version, out var remembered))
        {
            return remembered;
        }

        var settings = await GetAsync(userId, cancellationToken);
        if (version is not null)
        {
            memo.SetSettings(userId, version, settings);
        }

        return settings;
    }

    public async Task SaveAsync(long userId, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            await SaveOnceAsync(userId, settings, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request saved this user's first settings at the same moment: the row is there now, so this is an update.
            await SaveOnceAsync(userId, settings, cancellationToken);
        }
        finally
        {
            // After the commit (or a failure that may have committed): a remembered copy on any replica is not used again.
            await versions.RaiseSettingsAsync(userId);
        }
    }

    private async Task SaveOnceAsync(long userId, Settings settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (row is null)
        {
            db.UserSettings.Add(new UserSettingsRecord { UserId = userId, Settings = settings, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            row.Settings = settings;
            row.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Checks <paramref name="settings"/> against the contract and the user's access list; returns the errors per field
    /// (empty when valid) and the settings with GitHub's spelling of each repository.
    /// </summary>
    public static (Dictionary<string, string[]> Errors, Settings Normalized) Validate(Settings? settings, IReadOnlyList<RepositoryView> reachable)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (settings is null)
        {
            return (new() { [""] = ["A settings object is required."] }, Settings.Default);
        }

        var byName = reachable.ToDictionary(r => r.FullName, StringComparer.OrdinalIgnoreCase);
        var repositories = settings.Repositories ?? [];
        if (settings.Repositories is null)
        {
            Add("repositories", "Give the selected repositories as a list (it may be empty).");
        }

        if (repositories.Count > Settings.MaxRepositories)
        {
            Add("repositories", $"At most {Settings.MaxRepositories} repositories can be selected; {repositories.Count} were given.");
        }

        var selected = new List<SelectedRepository>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < repositories.Count; i++)
        {
            var item = repositories[i];
            var field = $"repositories[{i}]";
            if (item is null || string.IsNullOrWhiteSpace(item.FullName))
            {
                Add($"{field}.fullName", "Each selected repository needs its full name, as owner/name.");
                continue;
            }

            var parts = item.FullName.Split('/');
            if (parts.Length != 2 || !ActionsDashboard.GitHub.Rest.GitHubNames.IsValidOwner(parts[0])
                || !ActionsDashboard.GitHub.Rest.GitHubNames.IsValidRepositoryName(parts[1]))
            {
                Add($"{field}.fullName", $"'{item.FullName}' is not a repository name: use owner/name.");
                continue;
            }

            if (!seen.Add(item.FullName))
            {
                Add($"{field}.fullName", $"'{item.FullName}' is selected twice.");
                continue;
            }

            if (!byName.TryGetValue(item.FullName, out var repository))
            {
                Add($"{field}.fullName", $"'{item.FullName}' is not a repository you can reach on GitHub.");
                continue;
            }

            var category = string.IsNullOrWhiteSpace(item.Category) ? null : item.Category.Trim();
            if (category is { Length: > Settings.MaxCategoryLength })
            {
                Add($"{field}.category", $"A category can be at most {Settings.MaxCategoryLength} characters long.");
            }

            selected.Add(new SelectedRepository(repository.FullName, category));
        }

        var pinned = new List<string>();
        var pinnedList = settings.Pinned ?? [];
        for (var i = 0; i < pinnedList.Count; i++)
        {
            var name = pinnedList[i];
            var match = selected.FirstOrDefault(s => string.Equals(s.FullName, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Add($"pinned[{i}]", $"'{name}' can only be pinned when it is one of the selected repositories.");
            }
            else if (!pinned.Contains(match.FullName!, StringComparer.OrdinalIgnoreCase))
            {
                pinned.Add(match.FullName!);
            }
        }

        var followed = ValidateFollowedOwners(settings.FollowedOwners ?? [], reachable, Add);

        if (settings.Theme is null || !Settings.Themes.Contains(settings.Theme))
        {
            Add("theme", "The theme must be 'light', 'dark' or 'system'.");
        }

        if (settings.AutoRefresh is null)
        {
            Add("autoRefresh", "Give autoRefresh as { enabled, intervalSeconds }.");
        }
        else if (settings.AutoRefresh.IntervalSeconds is < Settings.MinRefreshSeconds or > Settings.MaxRefreshSeconds)
        {
            Add("autoRefresh.intervalSeconds",
                $"The refresh interval must be between {Settings.MinRefreshSeconds} and {Settings.MaxRefreshSeconds} seconds.");
        }

        if (settings.Notifications is null)
        {
            Add("notifications", "Give notifications as { failedRunsOnPinned }.");
        }

        var normalized = settings with { Repositories = selected, Pinned = pinned, FollowedOwners = followed };
        return (errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), normalized);
    }

    /// <summary>
    /// Owners to follow: each a valid owner name, once, with at least one repository on the user's access list (following
    /// an owner one sees nothing of is a mistake, or a probe); excluded names are repository names (an
    /// <c>owner/name</c> of that owner is accepted), at most <see cref="Settings.MaxExcludes"/> in all. Returns them with
    /// GitHub's spelling of the owner.
    /// </summary>
    private static List<FollowedOwner> ValidateFollowedOwners(IReadOnlyList<FollowedOwner?> owners, IReadOnlyList<RepositoryView> reachable,
        Action<string, string> add)
    {
        var result = new List<FollowedOwner>();
        if (owners.Count > Settings.MaxFollowedOwners)
        {
            add("followedOwners", $"At most {Settings.MaxFollowedOwners} owners can be followed; {owners.Count} were given.");
            return result;
        }

        var excludes = owners.Sum(o => o?.Exclude?.Count ?? 0);
        if (excludes > Settings.MaxExcludes)
        {
            add("followedOwners", $"At most {Settings.MaxExcludes} repositories can be excluded in all; {excludes} were given.");
            return result;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < owners.Count; i++)
        {
            var item = owners[i];
            var field = $"followedOwners[{i}]";
            if (item is null || !ActionsDashboard.GitHub.Rest.GitHubNames.IsValidOwner(item.Owner))
            {
                add($"{field}.owner", "Each followed owner needs a valid organisation or account name.");
                continue;
            }

            if (!seen.Add(item.Owner))
            {
                add($"{field}.owner", $"'{item.Owner}' is followed twice.");
                continue;
            }

            var visible = reachable.FirstOrDefault(r => string.Equals(r.Owner, item.Owner, StringComparison.OrdinalIgnoreCase));
            if (visible is null)
            {
                add($"{field}.owner", $"You can see no repository of '{item.Owner}' on GitHub.");
                continue;
            }

            var exclude = new List<string>();
            var list = item.Exclude ?? [];
            for (var j = 0; j < list.Count; j++)
            {
                var name = list[j];
                var slash = name?.IndexOf('/', StringComparison.Ordinal) ?? -1;
                if (name is not null && slash >= 0 && string.Equals(name[..slash], item.Owner, StringComparison.OrdinalIgnoreCase))
                {
                    name = name[(slash + 1)..];
                }

                if (!ActionsDashboard.GitHub.Rest.GitHubNames.IsValidRepositoryName(name))
                {
                    add($"{field}.exclude[{j}]", $"'{list[j]}' is not a repository name of '{item.Owner}'.");
                }
                else if (!exclude.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    exclude.Add(name);
                }
            }

            var category = string.IsNullOrWhiteSpace(item.Category) ? null : item.Category.Trim();
            if (category is { Length: > Settings.MaxCategoryLength })
            {
                add($"{field}.category", $"A category can be at most {Settings.MaxCategoryLength} characters long.");
            }

            result.Add(new FollowedOwner(visible.Owner, exclude, category));
        }

        return result;
    }
}
