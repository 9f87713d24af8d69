using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentEndsAndJoinerWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "JoinedAfterAssignment",
                table: "RequiredCourses",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "EndedAtUtc",
                table: "Assignments",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedByUserId",
                table: "Assignments",
                type: "nvarchar(450)",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndedOn",
                table: "Assignments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "JoinerDays",
                table: "Assignments",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_EndedByUserId",
                table: "Assignments",
                column: "EndedByUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Assignments_AspNetUsers_EndedByUserId",
                table: "Assignments",
                column: "EndedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Assignments_AspNetUsers_EndedByUserId",
                table: "Assignments");

            migrationBuilder.DropIndex(
                name: "IX_Assignments_EndedByUserId",
                table: "Assignments");

            migrationBuilder.DropColumn(
                name: "JoinedAfterAssignment",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "EndedAtUtc",
                table: "Assignments");

            migrationBuilder.DropColumn(
                name: "EndedByUserId",
                table: "Assignments");

            migrationBuilder.DropColumn(
                name: "EndedOn",
                table: "Assignments");

            migrationBuilder.DropColumn(
                name: "JoinerDays",
                table: "Assignments");
        }
    }
}
