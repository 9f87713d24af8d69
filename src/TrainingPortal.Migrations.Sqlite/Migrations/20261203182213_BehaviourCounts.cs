using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BehaviourCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BehaviourQuarterTallies");

            migrationBuilder.DropTable(
                name: "BehaviourTallies");
        }
    }
}
