using System.Text.RegularExpressions;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>One order of statuses: <see cref="WorkflowStatus.Rank"/>, the read model's SQL and the browser's <c>statusRank</c>.</summary>
public partial class WorkflowStatusTests
{
    public static TheoryData<string, int> Statuses => new()
    {
        { "requested", 0 }, { "queued", 0 }, { "pending", 0 }, { "waiting", 0 }, { "a status GitHub adds later", 0 },
        { "in_progress", 1 }, { "completed", 2 },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Ranks_follow_the_contract(string status, int rank) => Assert.Equal(rank, WorkflowStatus.Rank(status));

    [Fact]
    public void The_SQL_ranks_the_same_statuses_the_same_way()
    {
        Assert.Equal("CASE t.status WHEN 'in_progress' THEN 1 WHEN 'completed' THEN 2 ELSE 0 END", WorkflowStatus.RankSql("t"));
    }

    [Fact]
    public void The_browser_ranks_the_same_statuses_the_same_way()
    {
        var runs = File.ReadAllText(Path.Combine(Path.GetDirectoryName(TypeScriptTypes.FilePath)!, "..", "lib", "runs.ts"));
        var body = runs[runs.IndexOf("export function statusRank", StringComparison.Ordinal)..];
        body = body[..body.IndexOf("\n}", StringComparison.Ordinal)];

        var cases = CaseReturn().Matches(body).ToDictionary(m => m.Groups["status"].Value, m => int.Parse(m.Groups["rank"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var otherwise = int.Parse(DefaultReturn().Match(body).Groups["rank"].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(WorkflowStatus.Ranked.ToDictionary(s => s, WorkflowStatus.Rank), cases);
        Assert.Equal(WorkflowStatus.Rank("queued"), otherwise);
    }

    [Theory]
    [InlineData("in_progress", null, "in_progress")]
    [InlineData(null, "success", "completed")]
    [InlineData("", "failure", "completed")]
    [InlineData(" ", null, "queued")]
    [InlineData(null, null, "queued")]
    public void A_missing_status_is_completed_with_a_conclusion_else_queued(string? status, string? conclusion, string expected) =>
        Assert.Equal(expected, WorkflowStatus.Normalize(status, conclusion));

    [GeneratedRegex("""case "(?<status>[a-z_]+)": return (?<rank>\d+);""")]
    private static partial Regex CaseReturn();

    [GeneratedRegex("""default: return (?<rank>\d+);""")]
    private static partial Regex DefaultReturn();
}
