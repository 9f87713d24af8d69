using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CompletionCountsCoveredByBranch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CompletionTallies_BranchId_Certified_Started_DueOn_ExpiresO~",
                table: "CompletionTallies",
                columns: new[] { "BranchId", "Certified", "Started", "DueOn", "ExpiresOn", "CourseSlug", "Count", "ScoreSum", "ScoreCount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CompletionTallies_BranchId_Certified_Started_DueOn_ExpiresO~",
                table: "CompletionTallies");
        }
    }
}
