using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RegionStatusCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegionCompletionTallies",
                columns: table => new
                {
                    RegionId = table.Column<int>(type: "int", nullable: false),
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
                    table.PrimaryKey("PK_RegionCompletionTallies", x => new { x.RegionId, x.CourseSlug, x.Certified, x.DueOn, x.Started, x.ExpiresOn });
                });

            // The counts per branch already hold every required course: added up again by the region of each branch.
            migrationBuilder.Sql("""
                INSERT INTO [RegionCompletionTallies] ([RegionId], [CourseSlug], [Certified], [DueOn], [Started], [ExpiresOn], [Count], [ScoreSum], [ScoreCount])
                SELECT COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[Certified], t.[DueOn], t.[Started], t.[ExpiresOn], SUM(t.[Count]), SUM(t.[ScoreSum]), SUM(t.[ScoreCount])
                FROM [CompletionTallies] AS t LEFT JOIN [Branches] AS b ON b.[Id] = t.[BranchId]
                GROUP BY COALESCE(b.[RegionId], 0), t.[CourseSlug], t.[Certified], t.[DueOn], t.[Started], t.[ExpiresOn]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegionCompletionTallies");
        }
    }
}
