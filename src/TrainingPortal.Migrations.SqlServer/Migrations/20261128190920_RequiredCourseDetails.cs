using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RequiredCourseDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BranchName",
                table: "RequiredCourses",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DisplayName",
                table: "RequiredCourses",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "EmployeeNumber",
                table: "RequiredCourses",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "JobTitle",
                table: "RequiredCourses",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_DisplayName_EmployeeNumber_CourseSlug",
                table: "RequiredCourses",
                columns: new[] { "DisplayName", "EmployeeNumber", "CourseSlug" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_DisplayName_EmployeeNumber_CourseSlug",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "BranchName",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "DisplayName",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "EmployeeNumber",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "JobTitle",
                table: "RequiredCourses");
        }
    }
}
