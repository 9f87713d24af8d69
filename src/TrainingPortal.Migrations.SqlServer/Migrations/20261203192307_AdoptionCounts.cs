using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AdoptionCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertifiedQuarters",
                table: "RequiredCourses",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdoptionTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FromQuarter = table.Column<DateOnly>(type: "date", nullable: false),
                    ToQuarter = table.Column<DateOnly>(type: "date", nullable: false),
                    Assigned = table.Column<int>(type: "int", nullable: false),
                    Valid = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdoptionTallies", x => new { x.RegionId, x.CourseSlug, x.FromQuarter, x.ToQuarter });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdoptionTallies");

            migrationBuilder.DropColumn(
                name: "CertifiedQuarters",
                table: "RequiredCourses");
        }
    }
}
