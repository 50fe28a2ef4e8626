using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Tickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CheckInScans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TicketId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ScanId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    DoorLinkId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Door = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ScannedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckInScans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckInScans_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CoHosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    EmailKey = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoHosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoHosts_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DoorLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Token = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoorLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DoorLinks_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tickets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RsvpId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    HolderName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    BookerName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Nonce = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Code = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CancelledAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReleasedByHolder = table.Column<bool>(type: "bit", nullable: false),
                    CheckedInAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CheckedInDoor = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tickets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tickets_Rsvps_RsvpId",
                        column: x => x.RsvpId,
                        principalTable: "Rsvps",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Tickets_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketSigningKeys",
                columns: table => new
                {
                    KeyId = table.Column<int>(type: "int", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "varbinary(200)", maxLength: 200, nullable: false),
                    ProtectedPrivateKey = table.Column<byte[]>(type: "varbinary(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketSigningKeys", x => x.KeyId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckInScans_ScreeningId_ScanId",
                table: "CheckInScans",
                columns: new[] { "ScreeningId", "ScanId" },
                unique: true,
                filter: "[ScanId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CheckInScans_TicketId",
                table: "CheckInScans",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_CoHosts_EmailKey",
                table: "CoHosts",
                column: "EmailKey");

            migrationBuilder.CreateIndex(
                name: "IX_CoHosts_ScreeningId_EmailKey",
                table: "CoHosts",
                columns: new[] { "ScreeningId", "EmailKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DoorLinks_ScreeningId",
                table: "DoorLinks",
                column: "ScreeningId");

            migrationBuilder.CreateIndex(
                name: "IX_DoorLinks_Token",
                table: "DoorLinks",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Nonce",
                table: "Tickets",
                column: "Nonce",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_RsvpId_Number",
                table: "Tickets",
                columns: new[] { "RsvpId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ScreeningId_Status",
                table: "Tickets",
                columns: new[] { "ScreeningId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckInScans");

            migrationBuilder.DropTable(
                name: "CoHosts");

            migrationBuilder.DropTable(
                name: "DoorLinks");

            migrationBuilder.DropTable(
                name: "Tickets");

            migrationBuilder.DropTable(
                name: "TicketSigningKeys");
        }
    }
}
