using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DashboardFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BestScorePercent",
                table: "RequiredCourses",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DaysToComplete",
                table: "RequiredCourses",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_CertifiedAtUtc",
                table: "RequiredCourses",
                column: "CertifiedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_CertifiedAtUtc",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "BestScorePercent",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "DaysToComplete",
                table: "RequiredCourses");
        }
    }
}
