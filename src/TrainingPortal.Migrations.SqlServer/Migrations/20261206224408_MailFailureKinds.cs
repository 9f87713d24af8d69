using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MailFailureKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // What a failed attempt ran into is kept apart from the server's answer, to be shown in the reader's language.
            // Rows that failed before keep their English sentence in LastError, with no kind: the page shows them as written.
            migrationBuilder.AddColumn<string>(
                name: "LastFailure",
                table: "OutboxMails",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastFailure",
                table: "OutboxMails");
        }
    }
}
