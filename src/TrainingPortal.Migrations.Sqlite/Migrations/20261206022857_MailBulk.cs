using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailBulk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMails_State_NextAttemptAtUtc",
                table: "OutboxMails");

            migrationBuilder.AddColumn<bool>(
                name: "Bulk",
                table: "OutboxMails",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Reminders and digests already waiting are bulk too (their kinds are "reminder.*").
            migrationBuilder.Sql("UPDATE \"OutboxMails\" SET \"Bulk\" = 1 WHERE \"Kind\" LIKE 'reminder.%';");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_State_Bulk_NextAttemptAtUtc",
                table: "OutboxMails",
                columns: new[] { "State", "Bulk", "NextAttemptAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMails_State_Bulk_NextAttemptAtUtc",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "Bulk",
                table: "OutboxMails");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_State_NextAttemptAtUtc",
                table: "OutboxMails",
                columns: new[] { "State", "NextAttemptAtUtc" });
        }
    }
}
