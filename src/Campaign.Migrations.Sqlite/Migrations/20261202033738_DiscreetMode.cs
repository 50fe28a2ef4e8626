using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DiscreetMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarUid",
                table: "Screenings",
                type: "TEXT",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            // Calendar entries already out there keep their UID: it was built from the slug until now.
            migrationBuilder.Sql("UPDATE \"Screenings\" SET \"CalendarUid\" = \"Slug\";");

            migrationBuilder.AddColumn<bool>(
                name: "IsDiscreet",
                table: "Screenings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "NeutralTitle",
                table: "Screenings",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "Film night");

            migrationBuilder.AddColumn<bool>(
                name: "IsDiscreet",
                table: "Rsvps",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FromName",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsDiscreet",
                table: "Invitations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "FormerSlugs",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormerSlugs", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_FormerSlugs_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FormerSlugs_ScreeningId",
                table: "FormerSlugs",
                column: "ScreeningId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FormerSlugs");

            migrationBuilder.DropColumn(
                name: "CalendarUid",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "IsDiscreet",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "NeutralTitle",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "IsDiscreet",
                table: "Rsvps");

            migrationBuilder.DropColumn(
                name: "FromName",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "IsDiscreet",
                table: "Invitations");
        }
    }
}
