using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HostInvites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DigestThroughUtc",
                table: "Screenings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HostNotice",
                table: "Screenings",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "DailyDigest");

            migrationBuilder.AddColumn<string>(
                name: "HostedByName",
                table: "Screenings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Invitations",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DigestThroughUtc",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "HostNotice",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "HostedByName",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "Invitations");
        }
    }
}
