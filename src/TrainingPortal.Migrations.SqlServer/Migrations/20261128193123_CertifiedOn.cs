using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CertifiedOn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_CertifiedAtUtc",
                table: "RequiredCourses");

            migrationBuilder.AddColumn<DateOnly>(
                name: "CertifiedOn",
                table: "RequiredCourses",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_CertifiedOn_BranchId",
                table: "RequiredCourses",
                columns: new[] { "CertifiedOn", "BranchId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_CertifiedOn_BranchId",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "CertifiedOn",
                table: "RequiredCourses");

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_CertifiedAtUtc",
                table: "RequiredCourses",
                column: "CertifiedAtUtc");
        }
    }
}
