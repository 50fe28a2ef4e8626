using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class WalkIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WalkInToken",
                table: "Screenings",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "Rsvps",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WalkInName",
                table: "CheckInScans",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WalkInParty",
                table: "CheckInScans",
                type: "int",
                nullable: true);

            // Every screening from before walk-ins gets its own random poster code (24 lower-case hex characters, like
            // Screening.ReplaceWalkInToken), row by row, before the unique index.
            migrationBuilder.Sql("UPDATE [Screenings] SET [WalkInToken] = LOWER(LEFT(REPLACE(CONVERT(varchar(36), NEWID()), '-', ''), 24));");

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_WalkInToken",
                table: "Screenings",
                column: "WalkInToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Screenings_WalkInToken",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "WalkInToken",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Rsvps");

            migrationBuilder.DropColumn(
                name: "WalkInName",
                table: "CheckInScans");

            migrationBuilder.DropColumn(
                name: "WalkInParty",
                table: "CheckInScans");
        }
    }
}
