namespace GitHub.Simulator.Services;

/// <summary>
/// The organisations' teams. The demo's: <c>octo-org/platform</c> (octocat) and <c>octo-org/frontend</c> (monalisa);
/// hubot is in none. Only teams whose organisation and members exist in the world are made, so another world simply has
/// fewer (or none). Membership changes through <c>/_simulator/teams/...</c>; every read and write holds
/// <see cref="World.Sync"/>.
/// </summary>
public sealed class TeamDirectory
{
    private readonly List<Team> _teams = [];
    private readonly World _world;

    public TeamDirectory(World world)
    {
        _world = world;
        lock (world.Sync)
        {
            Add(1_370_001, "octo-org", "platform", "Platform", "Builds and runs the CI and the infrastructure.", ["octocat"]);
            Add(1_370_002, "octo-org", "frontend", "Frontend", "The web app.", ["monalisa"]);
        }
    }

    public World World => _world;

    /// <summary>The teams <paramref name="user"/> belongs to, by id. Hold <see cref="World.Sync"/>.</summary>
    public IReadOnlyList<Team> TeamsOf(Account user) => _teams.Where(t => t.Members.Contains(user.Login)).OrderBy(t => t.Id).ToList();

    /// <summary>A team by organisation login and slug (case-insensitive). Hold <see cref="World.Sync"/>.</summary>
    public Team? Find(string organization, string slug) => _teams.FirstOrDefault(t =>
        t.Organization.Login.Equals(organization, StringComparison.OrdinalIgnoreCase) && t.Slug.Equals(slug, StringComparison.OrdinalIgnoreCase));

    private void Add(long id, string organization, string slug, string name, string description, string[] members)
    {
        if (_world.FindAccount(organization) is not { IsOrganization: true } owner)
        {
            return;
        }

        var team = new Team { Id = id, Organization = owner, Slug = slug, Name = name, Description = description, CreatedAt = owner.CreatedAt.AddDays(1) };
        foreach (var login in members)
        {
            if (_world.FindAccount(login) is { IsOrganization: false } user)
            {
                team.Members.Add(user.Login);
            }
        }

        _teams.Add(team);
    }
}
