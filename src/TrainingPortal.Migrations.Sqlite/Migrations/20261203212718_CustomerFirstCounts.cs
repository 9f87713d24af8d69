using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CustomerFirstCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertifiedQuarters",
                table: "RequiredCourses",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdoptionTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FromQuarter = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ToQuarter = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Assigned = table.Column<int>(type: "INTEGER", nullable: false),
                    Valid = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdoptionTallies", x => new { x.RegionId, x.CourseSlug, x.FromQuarter, x.ToQuarter });
                });

            migrationBuilder.CreateTable(
                name: "BehaviourQuarterTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BehaviourId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ObservedQuarter = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SupersededQuarter = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Observed = table.Column<int>(type: "INTEGER", nullable: false),
                    Established = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourQuarterTallies", x => new { x.RegionId, x.CourseSlug, x.BehaviourId, x.ObservedQuarter, x.SupersededQuarter });
                });

            migrationBuilder.CreateTable(
                name: "BehaviourTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BehaviourId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Observed = table.Column<int>(type: "INTEGER", nullable: false),
                    Established = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourTallies", x => new { x.BranchId, x.CourseSlug, x.BehaviourId });
                });

            migrationBuilder.CreateTable(
                name: "PulseTallies",
                columns: table => new
                {
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<int>(type: "INTEGER", nullable: false),
                    Responses = table.Column<int>(type: "INTEGER", nullable: false),
                    Sum1 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum2 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum3 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum4 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum5 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum6 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum7 = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum8 = table.Column<long>(type: "INTEGER", nullable: false),
                    Answered1 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered2 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered3 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered4 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered5 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered6 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered7 = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered8 = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseTallies", x => new { x.PeriodId, x.BranchId });
                    table.ForeignKey(
                        name: "FK_PulseTallies_PulsePeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "PulsePeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdoptionTallies");

            migrationBuilder.DropTable(
                name: "BehaviourQuarterTallies");

            migrationBuilder.DropTable(
                name: "BehaviourTallies");

            migrationBuilder.DropTable(
                name: "PulseTallies");

            migrationBuilder.DropColumn(
                name: "CertifiedQuarters",
                table: "RequiredCourses");
        }
    }
}
