using Microsoft.EntityFrameworkCore.Infrastructure;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Which server database a context runs on, by the provider's name as EF Core reports it. Compared as text, unlike
/// EF Core's own <c>IsSqlServer()</c> and <c>IsNpgsql()</c>, so that asking does not load the providers a portal
/// does not use.
/// </summary>
public static class DatabaseProviders
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";
    public const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static bool RunsOnSqlite(this DatabaseFacade database) => database.ProviderName == Sqlite;

    public static bool RunsOnSqlServer(this DatabaseFacade database) => database.ProviderName == SqlServer;

    public static bool RunsOnPostgreSql(this DatabaseFacade database) => database.ProviderName == PostgreSql;
}
