using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alerts.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TeamRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "saved_by",
                table: "rules",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Every rule so far is personal: saved last by its owner.
            migrationBuilder.Sql("UPDATE rules SET saved_by = owner_id");

            migrationBuilder.AddColumn<string>(
                name: "team",
                table: "rules",
                type: "character varying(140)",
                maxLength: 140,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "team",
                table: "deliveries",
                type: "character varying(140)",
                maxLength: 140,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_rules_team",
                table: "rules",
                column: "team");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_team_created_at",
                table: "deliveries",
                columns: new[] { "team", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_rules_team",
                table: "rules");

            migrationBuilder.DropIndex(
                name: "IX_deliveries_team_created_at",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "saved_by",
                table: "rules");

            migrationBuilder.DropColumn(
                name: "team",
                table: "rules");

            migrationBuilder.DropColumn(
                name: "team",
                table: "deliveries");
        }
    }
}
