using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RegionCertifiedOnCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegionCertifiedOnTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionCertifiedOnTallies", x => new { x.RegionId, x.CourseSlug, x.CertifiedOn });
                });

            migrationBuilder.CreateIndex(
                name: "IX_RegionCertifiedOnTallies_CertifiedOn_RegionId_CourseSlug_Count",
                table: "RegionCertifiedOnTallies",
                columns: new[] { "CertifiedOn", "RegionId", "CourseSlug", "Count" });

            // The counts per branch already hold every certificate with its day: added up again by the region of each branch.
            migrationBuilder.Sql("""
                INSERT INTO [RegionCertifiedOnTallies] ([RegionId], [CourseSlug], [CertifiedOn], [Count])
                SELECT COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[CertifiedOn], SUM(t.[Count])
                FROM [CertificationTallies] AS t LEFT JOIN [Branches] AS b ON b.[Id] = t.[BranchId]
                GROUP BY COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[CertifiedOn]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegionCertifiedOnTallies");
        }
    }
}
