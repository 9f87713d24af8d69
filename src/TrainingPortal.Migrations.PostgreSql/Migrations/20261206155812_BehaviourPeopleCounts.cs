using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.PostgreSql.Migrations
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
                    BranchId = table.Column<int>(type: "integer", nullable: false),
                    FirstQuarter = table.Column<DateOnly>(type: "date", nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourPeopleTallies", x => new { x.BranchId, x.FirstQuarter });
                });

            // Each active person observed, once, in their branch and the quarter of their first rated observation.
            migrationBuilder.Sql("""
                INSERT INTO "BehaviourPeopleTallies" ("BranchId", "FirstQuarter", "People")
                SELECT COALESCE(u."BranchId", 0), date_trunc('quarter', f."FirstOn")::date, COUNT(*)
                FROM (SELECT o."SubjectUserId", MIN(o."ObservedOn") AS "FirstOn"
                      FROM "Observations" AS o
                      WHERE EXISTS (SELECT 1 FROM "ObservationRatings" AS r WHERE r."ObservationId" = o."Id")
                      GROUP BY o."SubjectUserId") AS f
                JOIN "AspNetUsers" AS u ON u."Id" = f."SubjectUserId"
                WHERE u."IsActive"
                GROUP BY 1, 2
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
