using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CultureObservationsAndPulse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Observations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectUserId = table.Column<string>(type: "TEXT", nullable: false),
                    ObserverUserId = table.Column<string>(type: "TEXT", nullable: false),
                    BranchId = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ObservedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Observations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Observations_AspNetUsers_ObserverUserId",
                        column: x => x.ObserverUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Observations_AspNetUsers_SubjectUserId",
                        column: x => x.SubjectUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Observations_Branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "Branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PulsePeriods",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StatementIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulsePeriods", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PulsePeriods_AspNetUsers_CreatedByUserId",
                        column: x => x.CreatedByUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ObservationRatings",
                columns: table => new
                {
                    ObservationId = table.Column<long>(type: "INTEGER", nullable: false),
                    BehaviourId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SupersededOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservationRatings", x => new { x.ObservationId, x.BehaviourId });
                    table.ForeignKey(
                        name: "FK_ObservationRatings_Observations_ObservationId",
                        column: x => x.ObservationId,
                        principalTable: "Observations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PulseParticipations",
                columns: table => new
                {
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseParticipations", x => new { x.PeriodId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PulseParticipations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PulseParticipations_PulsePeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "PulsePeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PulseResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<int>(type: "INTEGER", nullable: true),
                    Score1 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score2 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score3 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score4 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score5 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score6 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score7 = table.Column<int>(type: "INTEGER", nullable: true),
                    Score8 = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PulseResponses_Branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "Branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PulseResponses_PulsePeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "PulsePeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObservationRatings_SupersededOn",
                table: "ObservationRatings",
                column: "SupersededOn");

            migrationBuilder.CreateIndex(
                name: "IX_Observations_BranchId_ObservedOn",
                table: "Observations",
                columns: new[] { "BranchId", "ObservedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Observations_ObserverUserId",
                table: "Observations",
                column: "ObserverUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Observations_SubjectUserId_CourseSlug_ObservedOn",
                table: "Observations",
                columns: new[] { "SubjectUserId", "CourseSlug", "ObservedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PulseParticipations_UserId",
                table: "PulseParticipations",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PulsePeriods_CreatedByUserId",
                table: "PulsePeriods",
                column: "CreatedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_PulsePeriods_OpensOn",
                table: "PulsePeriods",
                column: "OpensOn");

            migrationBuilder.CreateIndex(
                name: "IX_PulseResponses_BranchId",
                table: "PulseResponses",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_PulseResponses_PeriodId_BranchId",
                table: "PulseResponses",
                columns: new[] { "PeriodId", "BranchId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ObservationRatings");

            migrationBuilder.DropTable(
                name: "PulseParticipations");

            migrationBuilder.DropTable(
                name: "PulseResponses");

            migrationBuilder.DropTable(
                name: "Observations");

            migrationBuilder.DropTable(
                name: "PulsePeriods");
        }
    }
}
