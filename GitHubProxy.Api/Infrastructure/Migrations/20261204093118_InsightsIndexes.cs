using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GitHubProxy.Api.Infrastructure.Migrations
{
    /// <summary>
    /// Indexes for the insights: one workflow's runs in a window, on every branch or on one (its failure streak too), a
    /// branch's runs by commit (the commit grid), and jobs by repository and age (queue time per runner label).
    /// </summary>
    public partial class InsightsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_id_branch_head_sha",
                table: "workflow_runs",
                columns: new[] { "repository_id", "branch", "head_sha" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_id_workflow_id_branch_created_at",
                table: "workflow_runs",
                columns: new[] { "repository_id", "workflow_id", "branch", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_id_workflow_id_created_at",
                table: "workflow_runs",
                columns: new[] { "repository_id", "workflow_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_jobs_repository_id_created_at",
                table: "workflow_jobs",
                columns: new[] { "repository_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_repository_id_branch_head_sha",
                table: "workflow_runs");

            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_repository_id_workflow_id_branch_created_at",
                table: "workflow_runs");

            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_repository_id_workflow_id_created_at",
                table: "workflow_runs");

            migrationBuilder.DropIndex(
                name: "IX_workflow_jobs_repository_id_created_at",
                table: "workflow_jobs");
        }
    }
}
