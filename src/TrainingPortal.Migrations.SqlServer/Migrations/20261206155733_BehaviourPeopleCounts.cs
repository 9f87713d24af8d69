using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class BehaviourPeopleCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BehaviourPeopleTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    FirstQuarter = table.Column<DateOnly>(type: "date", nullable: false),
                    People = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourPeopleTallies", x => new { x.BranchId, x.FirstQuarter });
                });

            // Each active person observed, once, in their branch and the quarter of their first rated observation.
            migrationBuilder.Sql("""
                INSERT INTO [BehaviourPeopleTallies] ([BranchId], [FirstQuarter], [People])
                SELECT q.[BranchId], q.[FirstQuarter], COUNT(*)
                FROM (SELECT COALESCE(u.[BranchId], 0) AS [BranchId],
                             DATEFROMPARTS(YEAR(f.[FirstOn]), (MONTH(f.[FirstOn]) - 1) / 3 * 3 + 1, 1) AS [FirstQuarter]
                      FROM (SELECT o.[SubjectUserId], MIN(o.[ObservedOn]) AS [FirstOn]
                            FROM [Observations] AS o
                            WHERE EXISTS (SELECT 1 FROM [ObservationRatings] AS r WHERE r.[ObservationId] = o.[Id])
                            GROUP BY o.[SubjectUserId]) AS f
                      JOIN [AspNetUsers] AS u ON u.[Id] = f.[SubjectUserId]
                      WHERE u.[IsActive] = 1) AS q
                GROUP BY q.[BranchId], q.[FirstQuarter]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BehaviourPeopleTallies");
        }
    }
}
