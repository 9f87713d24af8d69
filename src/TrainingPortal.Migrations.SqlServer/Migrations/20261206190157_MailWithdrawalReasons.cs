using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MailWithdrawalReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBecause",
                table: "OutboxMails",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            // The reason a mail was withdrawn was written into LastError as an English sentence; it is kept apart now, so the
            // mail page can say it in the reader's language, and LastError keeps the mail server's own answers.
            migrationBuilder.Sql("""
                UPDATE [OutboxMails]
                SET [WithdrawnBecause] = CASE [LastError]
                    WHEN 'Withdrawn: its day was over before it could be sent.' THEN 'DayOver'
                    WHEN 'Withdrawn: its link lapsed before it could be sent.' THEN 'LinkLapsed'
                    WHEN 'Withdrawn: the account was disabled before it could be sent.' THEN 'AccountDisabled'
                    WHEN 'Withdrawn: the account''s address changed before it could be sent.' THEN 'AddressChanged'
                    WHEN 'Withdrawn: a newer invitation replaced it before it could be sent.' THEN 'InvitationReplaced'
                END,
                    [LastError] = NULL
                WHERE [State] = 'Withdrawn' AND [LastError] IN ('Withdrawn: its day was over before it could be sent.', 'Withdrawn: its link lapsed before it could be sent.', 'Withdrawn: the account was disabled before it could be sent.', 'Withdrawn: the account''s address changed before it could be sent.', 'Withdrawn: a newer invitation replaced it before it could be sent.')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The reason goes back into LastError as the sentence it was, over any server answer kept beside it since.
            migrationBuilder.Sql("""
                UPDATE [OutboxMails]
                SET [LastError] = CASE [WithdrawnBecause]
                    WHEN 'DayOver' THEN 'Withdrawn: its day was over before it could be sent.'
                    WHEN 'LinkLapsed' THEN 'Withdrawn: its link lapsed before it could be sent.'
                    WHEN 'AccountDisabled' THEN 'Withdrawn: the account was disabled before it could be sent.'
                    WHEN 'AddressChanged' THEN 'Withdrawn: the account''s address changed before it could be sent.'
                    WHEN 'InvitationReplaced' THEN 'Withdrawn: a newer invitation replaced it before it could be sent.'
                END
                WHERE [WithdrawnBecause] IS NOT NULL
                """);

            migrationBuilder.DropColumn(
                name: "WithdrawnBecause",
                table: "OutboxMails");
        }
    }
}
