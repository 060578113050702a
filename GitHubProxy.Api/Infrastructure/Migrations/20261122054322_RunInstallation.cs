using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GitHubProxy.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RunInstallation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "installation_id",
                table: "workflow_runs",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "installation_id",
                table: "workflow_runs");
        }
    }
}
