using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class BranchBehaviourCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BranchBehaviourTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    Observed = table.Column<int>(type: "int", nullable: false),
                    Established = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BranchBehaviourTallies", x => x.BranchId);
                });

            // Every reader added a branch's courses and behaviours together: the counts per branch are those sums.
            migrationBuilder.Sql("""
                INSERT INTO [BranchBehaviourTallies] ([BranchId], [Observed], [Established])
                SELECT [BranchId], SUM([Observed]), SUM([Established])
                FROM [BehaviourTallies]
                GROUP BY [BranchId]
                """);

            migrationBuilder.DropTable(
                name: "BehaviourTallies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The counts per course and behaviour cannot be split out of the sums: after going back, rebuild-aggregates
            // counts them from the ratings.
            migrationBuilder.DropTable(
                name: "BranchBehaviourTallies");

            migrationBuilder.CreateTable(
                name: "BehaviourTallies",
                columns: table => new
                {
                    BranchId = table.Column<int>(type: "int", nullable: false),
                    CourseSlug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    BehaviourId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Established = table.Column<int>(type: "int", nullable: false),
                    Observed = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourTallies", x => new { x.BranchId, x.CourseSlug, x.BehaviourId });
                });
        }
    }
}
