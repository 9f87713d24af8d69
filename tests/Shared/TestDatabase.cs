using Microsoft.Data.Sqlite;

namespace TrainingPortal.Tests;

/// <summary>The database a test host runs on: a SQLite file of its own, or a database on the test run's PostgreSQL server.</summary>
public abstract class TestDatabase : IDisposable
{
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public static TestDatabase NewSqlite() => new SqliteDatabase(Path.Combine(Path.GetTempPath(), $"trainingportal-test-{Guid.NewGuid():N}.db"), owned: true);

    public static TestDatabase SharedSqlite(string path) => new SqliteDatabase(path, owned: false);

    public static TestDatabase NewPostgreSql() => new PostgreSqlDatabase(PostgresServer.NewDatabaseName(), owned: true);

    /// <summary>The same database for a second instance of the app, which leaves removing it to its owner.</summary>
    public abstract TestDatabase SharedWithAnotherInstance();

    public abstract void Dispose();

    public sealed class SqliteDatabase(string path, bool owned) : TestDatabase
    {
        public string Path => path;

        public override string Provider => "Sqlite";

        public override string ConnectionString => $"Data Source={path}";

        public override TestDatabase SharedWithAnotherInstance() => new SqliteDatabase(path, owned: false);

        public override void Dispose()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in owned ? new[] { "", "-wal", "-shm" } : [])
            {
                File.Delete(path + suffix);
            }
        }
    }

    public sealed class PostgreSqlDatabase(string name, bool owned) : TestDatabase
    {
        public override string Provider => "PostgreSql";

        public override string ConnectionString => PostgresServer.Instance.ConnectionString(name);

        public override TestDatabase SharedWithAnotherInstance() => new PostgreSqlDatabase(name, owned: false);

        public override void Dispose()
        {
            if (owned)
            {
                PostgresServer.Instance.Drop(name);
            }
        }
    }
}
