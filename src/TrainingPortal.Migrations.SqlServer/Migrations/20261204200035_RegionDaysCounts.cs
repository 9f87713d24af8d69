using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RegionDaysCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegionDaysTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DaysToComplete = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionDaysTallies", x => new { x.RegionId, x.CourseSlug, x.ExpiresOn, x.DaysToComplete });
                });

            // The counts per branch already hold every certificate with its days: added up again by the region of each branch.
            migrationBuilder.Sql("""
                INSERT INTO [RegionDaysTallies] ([RegionId], [CourseSlug], [ExpiresOn], [DaysToComplete], [Count])
                SELECT COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[ExpiresOn], t.[DaysToComplete], SUM(t.[Count])
                FROM [CertificationTallies] AS t LEFT JOIN [Branches] AS b ON b.[Id] = t.[BranchId]
                WHERE t.[DaysToComplete] <> -1
                GROUP BY COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[ExpiresOn], t.[DaysToComplete]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegionDaysTallies");
        }
    }
}
