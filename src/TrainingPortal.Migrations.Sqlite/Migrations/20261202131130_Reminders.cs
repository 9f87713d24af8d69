using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReceivesDigest",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "Reminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CourseSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    ForDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwaitingMail = table.Column<bool>(type: "INTEGER", nullable: false),
                    OutboxMailId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reminders_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reminders_OutboxMails_OutboxMailId",
                        column: x => x.OutboxMailId,
                        principalTable: "OutboxMails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ReminderScans",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LeaseToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Queued = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderScans", x => new { x.Kind, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_CertificateExpiresAtUtc",
                table: "RequiredCourses",
                column: "CertificateExpiresAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_RequiredCourses_DueOn",
                table: "RequiredCourses",
                column: "DueOn");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_Kind_AwaitingMail_UserId",
                table: "Reminders",
                columns: new[] { "Kind", "AwaitingMail", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_OutboxMailId",
                table: "Reminders",
                column: "OutboxMailId");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_SentOn_Kind",
                table: "Reminders",
                columns: new[] { "SentOn", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_UserId_CourseSlug_Kind_Step_ForDate",
                table: "Reminders",
                columns: new[] { "UserId", "CourseSlug", "Kind", "Step", "ForDate" },
                unique: true);

            // Courses already required when reminders begin were announced by other means: record them as told, so the
            // first scan does not announce every old assignment as new.
            migrationBuilder.Sql(@"INSERT INTO ""Reminders"" (""Kind"", ""UserId"", ""CourseSlug"", ""Step"", ""ForDate"", ""SentOn"", ""QueuedAtUtc"", ""AwaitingMail"") SELECT 'AssignmentNotice', ""UserId"", ""CourseSlug"", 0, ""DueOn"", ""AssignedOn"", CURRENT_TIMESTAMP, 0 FROM ""RequiredCourses"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Reminders");

            migrationBuilder.DropTable(
                name: "ReminderScans");

            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_CertificateExpiresAtUtc",
                table: "RequiredCourses");

            migrationBuilder.DropIndex(
                name: "IX_RequiredCourses_DueOn",
                table: "RequiredCourses");

            migrationBuilder.DropColumn(
                name: "ReceivesDigest",
                table: "AspNetUsers");
        }
    }
}
