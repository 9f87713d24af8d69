using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class LapsedCertificatesGiveNoHeadStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No schema change. Its arrival has the start (DatabaseSetup.MigrateAsync) work out again the required
            // courses that still count a certificate which had lapsed before the course was assigned.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
