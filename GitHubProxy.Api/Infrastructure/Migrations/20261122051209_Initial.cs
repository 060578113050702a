using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GitHubProxy.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "processed_events",
                columns: table => new
                {
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_events", x => new { x.consumer, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "tracked_repositories",
                columns: table => new
                {
                    repository_key = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    repository = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    backfilled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_webhook_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tracked_repositories", x => x.repository_key);
                });

            migrationBuilder.CreateTable(
                name: "user_settings",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    settings = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_settings", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "workflow_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    repository_key = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    run_attempt = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    conclusion = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    runner_name = table.Column<string>(type: "text", nullable: true),
                    labels = table.Column<string>(type: "jsonb", nullable: false),
                    html_url = table.Column<string>(type: "text", nullable: true),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workflow_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workflow_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    repository_key = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    repository = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    run_number = table.Column<long>(type: "bigint", nullable: false),
                    run_attempt = table.Column<int>(type: "integer", nullable: false),
                    workflow_id = table.Column<long>(type: "bigint", nullable: false),
                    workflow_name = table.Column<string>(type: "text", nullable: false),
                    display_title = table.Column<string>(type: "text", nullable: true),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    branch = table.Column<string>(type: "text", nullable: true),
                    head_sha = table.Column<string>(type: "text", nullable: false),
                    commit_message = table.Column<string>(type: "text", nullable: true),
                    actor_login = table.Column<string>(type: "text", nullable: true),
                    actor_avatar_url = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    conclusion = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    html_url = table.Column<string>(type: "text", nullable: false),
                    pull_requests = table.Column<long[]>(type: "bigint[]", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workflow_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_processed_events_processed_at",
                table: "processed_events",
                column: "processed_at");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_jobs_run_id",
                table: "workflow_jobs",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_repository_key_created_at",
                table: "workflow_runs",
                columns: new[] { "repository_key", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_status_recorded_at",
                table: "workflow_runs",
                columns: new[] { "status", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_updated_at",
                table: "workflow_runs",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "processed_events");

            migrationBuilder.DropTable(
                name: "tracked_repositories");

            migrationBuilder.DropTable(
                name: "user_settings");

            migrationBuilder.DropTable(
                name: "workflow_jobs");

            migrationBuilder.DropTable(
                name: "workflow_runs");
        }
    }
}
