using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GitHubProxy.Api.Infrastructure.Migrations
{
    /// <summary>
    /// The read model is keyed by GitHub's repository id instead of the lower-case name. Rows written before carry no id, and
    /// guessing one from a name is exactly what must not happen (the name may belong to another repository now), so they are
    /// deleted: the read model is a copy of GitHub's, and the next dashboard load backfills each selected repository again.
    /// </summary>
    public partial class RepositoryIds : Migration
    {
        private const string DeleteReadModel = "DELETE FROM workflow_jobs; DELETE FROM workflow_runs; DELETE FROM tracked_repositories;";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DeleteReadModel);

            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_repository_key_created_at",
                table: "workflow_runs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_tracked_repositories",
                table: "tracked_repositories");

            migrationBuilder.DropColumn(
                name: "repository_key",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "repository_key",
                table: "workflow_jobs");

            migrationBuilder.DropColumn(
                name: "repository_key",
                table: "tracked_repositories");

            migrationBuilder.AddColumn<long>(
                name: "repository_id",
                table: "workflow_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "repository_id",
                table: "workflow_jobs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "repository_id",
                table: "tracked_repositories",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddPrimaryKey(
                name: "PK_tracked_repositories",
                table: "tracked_repositories",
                column: "repository_id");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_id_created_at",
                table: "workflow_runs",
                columns: new[] { "repository_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to names: the rows cannot get a trustworthy key either way, so the older code starts from a backfill too.
            migrationBuilder.Sql(DeleteReadModel);

            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_repository_id_created_at",
                table: "workflow_runs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_tracked_repositories",
                table: "tracked_repositories");

            migrationBuilder.DropColumn(
                name: "repository_id",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "repository_id",
                table: "workflow_jobs");

            migrationBuilder.DropColumn(
                name: "repository_id",
                table: "tracked_repositories");

            migrationBuilder.AddColumn<string>(
                name: "repository_key",
                table: "workflow_runs",
                type: "character varying(140)",
                maxLength: 140,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "repository_key",
                table: "workflow_jobs",
                type: "character varying(140)",
                maxLength: 140,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "repository_key",
                table: "tracked_repositories",
                type: "character varying(140)",
                maxLength: 140,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_tracked_repositories",
                table: "tracked_repositories",
                column: "repository_key");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_key_created_at",
                table: "workflow_runs",
                columns: new[] { "repository_key", "created_at" });
        }
    }
}
