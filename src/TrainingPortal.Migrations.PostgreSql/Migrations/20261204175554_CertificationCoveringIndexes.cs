using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CertificationCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CertificationTallies_CertifiedOn",
                table: "CertificationTallies");

            migrationBuilder.CreateIndex(
                name: "IX_CertificationTallies_BranchId_DaysToComplete_ExpiresOn_Cour~",
                table: "CertificationTallies",
                columns: new[] { "BranchId", "DaysToComplete", "ExpiresOn", "CourseSlug", "Count" });

            migrationBuilder.CreateIndex(
                name: "IX_CertificationTallies_CertifiedOn_BranchId_CourseSlug_Count",
                table: "CertificationTallies",
                columns: new[] { "CertifiedOn", "BranchId", "CourseSlug", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CertificationTallies_BranchId_DaysToComplete_ExpiresOn_Cour~",
                table: "CertificationTallies");

            migrationBuilder.DropIndex(
                name: "IX_CertificationTallies_CertifiedOn_BranchId_CourseSlug_Count",
                table: "CertificationTallies");

            migrationBuilder.CreateIndex(
                name: "IX_CertificationTallies_CertifiedOn",
                table: "CertificationTallies",
                column: "CertifiedOn");
        }
    }
}
