using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GitHubProxy.Api.Infrastructure.Migrations
{
    /// <summary>
    /// <c>latest_runs</c>: a pointer to the latest run of each repository's (workflow, branch), written with the run, so the
    /// dashboard no longer reads every stored run to find the latest ones. Filled from the runs already stored.
    /// </summary>
    public partial class LatestRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "latest_runs",
                columns: table => new
                {
                    repository_id = table.Column<long>(type: "bigint", nullable: false),
                    workflow_id = table.Column<long>(type: "bigint", nullable: false),
                    branch = table.Column<string>(type: "text", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_latest_runs", x => new { x.repository_id, x.workflow_id, x.branch });
                });

            migrationBuilder.CreateIndex(
                name: "IX_latest_runs_created_at",
                table: "latest_runs",
                column: "created_at");

            migrationBuilder.Sql("""
                INSERT INTO latest_runs (repository_id, workflow_id, branch, run_id, created_at)
                SELECT DISTINCT ON (repository_id, workflow_id, COALESCE(branch, ''))
                    repository_id, workflow_id, COALESCE(branch, ''), id, created_at
                FROM workflow_runs
                ORDER BY repository_id, workflow_id, COALESCE(branch, ''), created_at DESC, id DESC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "latest_runs");
        }
    }
}
