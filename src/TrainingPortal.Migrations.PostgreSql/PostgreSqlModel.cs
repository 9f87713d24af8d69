using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TrainingPortal.Data;

namespace TrainingPortal.Migrations.PostgreSql;

/// <summary>
/// What PostgreSQL needs beyond the shared model, so that it behaves as SQLite and SQL Server do:
/// every <see cref="DateTime"/> is UTC (a <c>timestamptz</c> refuses one of kind Unspecified, which is what
/// values built from dates and read back from the other providers carry), and the columns people are found by
/// (emails, employee numbers, names) compare without regard to case, as SQL Server's collation and SQLite's LIKE do.
/// </summary>
public sealed class PostgreSqlModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    private static readonly ValueConverter<DateTime, DateTime> Utc = new(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc = new(
        value => value == null ? null : value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
        value => value == null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc));

    /// <summary>Columns searched or matched by what a person typed: case-insensitive text.</summary>
    private static readonly HashSet<string> CaseInsensitive =
    [
        nameof(PortalUser.Email), nameof(PortalUser.UserName), nameof(PortalUser.EmployeeNumber), nameof(PortalUser.DisplayName),
        nameof(Certificate.HolderName), nameof(AuditEntry.ActorName),
    ];

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.HasPostgresExtension("citext");
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(Utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(NullableUtc);
                }
                else if (property.ClrType == typeof(string) && CaseInsensitive.Contains(property.Name))
                {
                    property.SetColumnType("citext");
                }
            }
        }
    }
}
