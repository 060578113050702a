using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alerts.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<long>(type: "bigint", nullable: false),
                    rule_name = table.Column<string>(type: "text", nullable: false),
                    transition = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    repository = table.Column<string>(type: "text", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: true),
                    run_attempt = table.Column<int>(type: "integer", nullable: true),
                    alert = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "queued_watches",
                columns: table => new
                {
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    run_attempt = table.Column<int>(type: "integer", nullable: false),
                    job_id = table.Column<long>(type: "bigint", nullable: false),
                    repository_id = table.Column<long>(type: "bigint", nullable: false),
                    repository = table.Column<string>(type: "text", nullable: false),
                    workflow_name = table.Column<string>(type: "text", nullable: true),
                    workflow_path = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    branch = table.Column<string>(type: "text", nullable: true),
                    run_number = table.Column<long>(type: "bigint", nullable: true),
                    html_url = table.Column<string>(type: "text", nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queued_watches", x => new { x.run_id, x.run_attempt, x.job_id });
                });

            migrationBuilder.CreateTable(
                name: "repositories",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    full_name = table.Column<string>(type: "text", nullable: false),
                    default_branch = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repositories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    repository = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    repository_key = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    branch = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    workflow = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    events = table.Column<string[]>(type: "text[]", nullable: false),
                    queued_minutes = table.Column<int>(type: "integer", nullable: true),
                    destination_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    destination_host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    destination_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    sealed_destination = table.Column<byte[]>(type: "bytea", nullable: false),
                    has_secret = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "run_states",
                columns: table => new
                {
                    repository_id = table.Column<long>(type: "bigint", nullable: false),
                    workflow_id = table.Column<long>(type: "bigint", nullable: false),
                    branch = table.Column<string>(type: "text", nullable: false),
                    last_run_id = table.Column<long>(type: "bigint", nullable: false),
                    last_run_attempt = table.Column<int>(type: "integer", nullable: false),
                    last_conclusion = table.Column<string>(type: "text", nullable: false),
                    previous_conclusion = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_run_states", x => new { x.repository_id, x.workflow_id, x.branch });
                });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_next_attempt_at",
                table: "deliveries",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_owner_id_created_at",
                table: "deliveries",
                columns: new[] { "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_rule_id_run_id_run_attempt_transition",
                table: "deliveries",
                columns: new[] { "rule_id", "run_id", "run_attempt", "transition" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_queued_watches_queued_at",
                table: "queued_watches",
                column: "queued_at");

            migrationBuilder.CreateIndex(
                name: "IX_rules_owner_id",
                table: "rules",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "IX_rules_repository_key",
                table: "rules",
                column: "repository_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.DropTable(
                name: "queued_watches");

            migrationBuilder.DropTable(
                name: "repositories");

            migrationBuilder.DropTable(
                name: "rules");

            migrationBuilder.DropTable(
                name: "run_states");
        }
    }
}
