namespace GitHub.Simulator.Shapes;

/// <summary>GitHub's "team-full" object (API version 2022-11-28), as <c>GET /user/teams</c> lists it.</summary>
public static class TeamShapes
{
    public static JsonObject FullTeam(Team team, string b)
    {
        var organization = GitHubShapes.Organization(team.Organization, b);
        organization["name"] = team.Organization.Name;
        organization["company"] = team.Organization.Company;
        organization["blog"] = "";
        organization["location"] = team.Organization.Location;
        organization["email"] = team.Organization.Email;
        organization["is_verified"] = false;
        organization["has_organization_projects"] = true;
        organization["has_repository_projects"] = true;
        organization["public_repos"] = 0;
        organization["public_gists"] = 0;
        organization["followers"] = 0;
        organization["following"] = 0;
        organization["html_url"] = $"{b}/{team.Organization.Login}";
        organization["created_at"] = GitHubShapes.Timestamp(team.Organization.CreatedAt);
        organization["updated_at"] = GitHubShapes.Timestamp(team.Organization.CreatedAt.AddDays(1));
        organization["type"] = "Organization";
        return new JsonObject
        {
            ["id"] = team.Id,
            ["node_id"] = GitHubShapes.NodeId("Team", team.Id),
            ["url"] = $"{b}/organizations/{team.Organization.Id}/team/{team.Id}",
            ["html_url"] = $"{b}/orgs/{team.Organization.Login}/teams/{team.Slug}",
            ["name"] = team.Name,
            ["slug"] = team.Slug,
            ["description"] = team.Description,
            ["privacy"] = team.Privacy,
            ["notification_setting"] = "notifications_enabled",
            ["permission"] = "pull",
            ["members_url"] = $"{b}/organizations/{team.Organization.Id}/team/{team.Id}/members{{/member}}",
            ["repositories_url"] = $"{b}/organizations/{team.Organization.Id}/team/{team.Id}/repos",
            ["parent"] = null,
            ["members_count"] = team.Members.Count,
            ["repos_count"] = 0,
            ["created_at"] = GitHubShapes.Timestamp(team.CreatedAt),
            ["updated_at"] = GitHubShapes.Timestamp(team.CreatedAt),
            ["organization"] = organization,
        };
    }
}
