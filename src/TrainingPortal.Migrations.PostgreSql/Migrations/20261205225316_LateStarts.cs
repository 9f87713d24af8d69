using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class LateStarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LateStarts",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    AssignmentId = table.Column<long>(type: "bigint", nullable: false),
                    CoveredSince = table.Column<DateOnly>(type: "date", nullable: false),
                    HeldAssignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    HeldDueOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LateStarts", x => new { x.UserId, x.AssignmentId });
                    table.ForeignKey(
                        name: "FK_LateStarts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LateStarts_Assignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "Assignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LateStarts_AssignmentId",
                table: "LateStarts",
                column: "AssignmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LateStarts");
        }
    }
}
