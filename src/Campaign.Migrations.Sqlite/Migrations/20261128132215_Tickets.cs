using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Campaign.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ScanId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DoorLinkId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Door = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ScannedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    EmailKey = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RsvpId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BookerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CancelledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReleasedByHolder = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckedInAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckedInDoor = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    KeyId = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", maxLength: 200, nullable: false),
                    ProtectedPrivateKey = table.Column<byte[]>(type: "BLOB", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketSigningKeys", x => x.KeyId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckInScans_ScreeningId_ScanId",
                table: "CheckInScans",
                columns: new[] { "ScreeningId", "ScanId" },
                unique: true);

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
