using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.SqlServer.Migrations
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HostNotice",
                table: "Screenings",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "DailyDigest");

            migrationBuilder.AddColumn<string>(
                name: "HostedByName",
                table: "Screenings",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Invitations",
                type: "nvarchar(100)",
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
