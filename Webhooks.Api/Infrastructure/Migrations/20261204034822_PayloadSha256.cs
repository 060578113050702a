using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webhooks.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PayloadSha256 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows already stored keep NULL (a unique index allows any number of NULLs): hashing every stored payload
            // here would run inside the start-up migration, bounded by the command timeout, on a table that is never
            // pruned. The cost: each body stored before this migration can be replayed under a new id once more.
            migrationBuilder.AddColumn<byte[]>(
                name: "payload_sha256",
                table: "deliveries",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_deliveries_payload_sha256",
                table: "deliveries",
                column: "payload_sha256",
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_deliveries_payload_sha256_length",
                table: "deliveries",
                sql: "octet_length(payload_sha256) = 32");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_deliveries_payload_sha256",
                table: "deliveries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_deliveries_payload_sha256_length",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "payload_sha256",
                table: "deliveries");
        }
    }
}
