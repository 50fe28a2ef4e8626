using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TicketCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_ScreeningId_Status",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ScreeningId_Status_CheckedInAtUtc",
                table: "Tickets",
                columns: new[] { "ScreeningId", "Status", "CheckedInAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_ScreeningId_Status_CheckedInAtUtc",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ScreeningId_Status",
                table: "Tickets",
                columns: new[] { "ScreeningId", "Status" });
        }
    }
}
