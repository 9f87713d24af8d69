using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboxMailRecipients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RecipientUserId",
                table: "OutboxMails",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidUntilUtc",
                table: "OutboxMails",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecipientUserId",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "ValidUntilUtc",
                table: "OutboxMails");
        }
    }
}
