using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SummaryCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BranchStaffTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    StaffWithRequired = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BranchStaffTallies", x => x.BranchId);
                });

            migrationBuilder.CreateTable(
                name: "CertificationTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DaysToComplete = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificationTallies", x => new { x.BranchId, x.CourseSlug, x.CertifiedOn, x.ExpiresOn, x.DaysToComplete });
                });

            migrationBuilder.CreateTable(
                name: "CompletionTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Certified = table.Column<bool>(type: "bit", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Started = table.Column<bool>(type: "bit", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    ScoreSum = table.Column<long>(type: "bigint", nullable: false),
                    ScoreCount = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompletionTallies", x => new { x.BranchId, x.CourseSlug, x.Certified, x.DueOn, x.Started, x.ExpiresOn });
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificationTallies_CertifiedOn",
                table: "CertificationTallies",
                column: "CertifiedOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BranchStaffTallies");

            migrationBuilder.DropTable(
                name: "CertificationTallies");

            migrationBuilder.DropTable(
                name: "CompletionTallies");
        }
    }
}
