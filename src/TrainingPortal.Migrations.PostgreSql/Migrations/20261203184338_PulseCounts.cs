using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PulseCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PulseTallies",
                columns: table => new
                {
                    PeriodId = table.Column<int>(type: "integer", nullable: false),
                    BranchId = table.Column<int>(type: "integer", nullable: false),
                    Responses = table.Column<int>(type: "integer", nullable: false),
                    Sum1 = table.Column<long>(type: "bigint", nullable: false),
                    Sum2 = table.Column<long>(type: "bigint", nullable: false),
                    Sum3 = table.Column<long>(type: "bigint", nullable: false),
                    Sum4 = table.Column<long>(type: "bigint", nullable: false),
                    Sum5 = table.Column<long>(type: "bigint", nullable: false),
                    Sum6 = table.Column<long>(type: "bigint", nullable: false),
                    Sum7 = table.Column<long>(type: "bigint", nullable: false),
                    Sum8 = table.Column<long>(type: "bigint", nullable: false),
                    Answered1 = table.Column<int>(type: "integer", nullable: false),
                    Answered2 = table.Column<int>(type: "integer", nullable: false),
                    Answered3 = table.Column<int>(type: "integer", nullable: false),
                    Answered4 = table.Column<int>(type: "integer", nullable: false),
                    Answered5 = table.Column<int>(type: "integer", nullable: false),
                    Answered6 = table.Column<int>(type: "integer", nullable: false),
                    Answered7 = table.Column<int>(type: "integer", nullable: false),
                    Answered8 = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseTallies", x => new { x.PeriodId, x.BranchId });
                    table.ForeignKey(
                        name: "FK_PulseTallies_PulsePeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "PulsePeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PulseTallies");
        }
    }
}
