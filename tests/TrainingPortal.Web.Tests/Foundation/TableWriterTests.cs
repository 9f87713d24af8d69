using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Foundation;

/// <summary>
/// <see cref="TableWriter"/> writes past SaveChanges: each value must be stored exactly as SaveChanges stores it (the
/// text SQLite keeps, the type PostgreSQL keeps, enums by name), keys the database generates must come back to the
/// right objects, and a refused row must leave nothing of its batch behind.
/// </summary>
public class TableWriterTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTime At = new(2026, 3, 1, 8, 30, 15, DateTimeKind.Utc);

    private static Reminder Reminder(string userId, int step, bool awaiting, int milliseconds = 0) => new()
    {
        Kind = ReminderKind.DueReminder,
        UserId = userId,
        CourseSlug = "customer-first-foundations",
        Step = step,
        ForDate = new DateOnly(2026, 3, 20),
        SentOn = new DateOnly(2026, 3, 1),
        QueuedAtUtc = At.AddMilliseconds(milliseconds),
        AwaitingMail = awaiting,
    };

    /// <summary>Each column as the database holds it, as text: what SQLite stores, what PostgreSQL prints of its type.</summary>
    private static string[] StoredText(PortalDbContext db, string table, string[] columns, string where, params object[] key) =>
        columns.Select(column =>
        {
            var sql = "SELECT CAST(\"" + column + "\" AS TEXT) AS \"Value\" FROM \"" + table + "\" WHERE " + where;
            return db.Database.SqlQueryRaw<string?>(sql, key).Single() ?? "NULL";
        }).ToArray();

    private static string[] StoredText(PortalDbContext db, long reminderId) =>
        StoredText(db, "Reminders", ["Kind", "ForDate", "SentOn", "QueuedAtUtc", "AwaitingMail", "OutboxMailId"], "\"Id\" = {0}", reminderId);

    private int RemindersOf(string userId) => TestData.Query(factory.Services, db => db.Reminders.Count(r => r.UserId == userId));

    [Fact]
    public async Task Inserted_rows_are_stored_as_SaveChanges_stores_them_and_each_gets_its_own_generated_key()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        var bySaveChanges = Reminder(learner.Id, 7, awaiting: true);
        // The first differs from the one SaveChanges writes only by its step (the unique key); the others by more.
        List<Reminder> written = [Reminder(learner.Id, 3, awaiting: true), Reminder(learner.Id, 1, awaiting: false, 250), Reminder(learner.Id, -7, awaiting: true, 999)];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Reminders.Add(bySaveChanges);
            await db.SaveChangesAsync();
            await TableWriter.InsertAsync(db, written, CancellationToken.None);
        }

        Assert.Equal(3, written.Select(r => r.Id).Where(id => id > bySaveChanges.Id).Distinct().Count());
        var stored = TestData.Query(factory.Services, db => db.Reminders.AsNoTracking().Where(r => r.UserId == learner.Id).ToDictionary(r => r.Id));
        foreach (var original in written)
        {
            var row = stored[original.Id];
            Assert.Equal((original.Kind, original.Step, original.ForDate, original.SentOn, original.QueuedAtUtc, original.AwaitingMail, original.OutboxMailId),
                (row.Kind, row.Step, row.ForDate, row.SentOn, row.QueuedAtUtc, row.AwaitingMail, row.OutboxMailId));
        }

        // The same values written both ways are the same stored values, not only the same values read back.
        var first = written[0];
        TestData.Query(factory.Services, db =>
        {
            var viaSaveChanges = StoredText(db, bySaveChanges.Id);
            var viaWriter = StoredText(db, first.Id);
            Assert.Equal(viaSaveChanges, viaWriter);
            Assert.Equal(["DueReminder", "NULL"], [viaWriter[0], viaWriter[5]]);
            return 0;
        });
    }

    [Fact]
    public async Task A_refused_row_leaves_nothing_of_its_batch_behind()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await TableWriter.InsertAsync(db, [Reminder(learner.Id, 5, awaiting: true)], CancellationToken.None);

            // The second row repeats the first's unique key; the rows before and after it must not stay.
            List<Reminder> batch = [Reminder(learner.Id, 6, awaiting: true), Reminder(learner.Id, 5, awaiting: true), Reminder(learner.Id, 4, awaiting: true)];
            await Assert.ThrowsAnyAsync<Exception>(() => TableWriter.InsertAsync(db, batch, CancellationToken.None));
        }

        Assert.Equal(1, RemindersOf(learner.Id));
    }

    [Fact]
    public async Task Updated_columns_are_stored_and_an_update_of_a_missing_row_changes_nothing()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        List<Reminder> rows = [Reminder(learner.Id, 1, awaiting: true), Reminder(learner.Id, 2, awaiting: true)];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await TableWriter.InsertAsync(db, rows, CancellationToken.None);
            rows.ForEach(r => (r.AwaitingMail, r.SentOn, r.Step) = (false, new DateOnly(2026, 3, 2), 99));
            await TableWriter.UpdateAsync(db, rows, [nameof(Data.Reminder.AwaitingMail), nameof(Data.Reminder.SentOn)], CancellationToken.None);

            var missing = Reminder(learner.Id, 3, awaiting: true);
            missing.Id = -1;
            rows[0].AwaitingMail = true;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => TableWriter.UpdateAsync(db, [rows[0], missing], [nameof(Data.Reminder.AwaitingMail)], CancellationToken.None));
        }

        var stored = TestData.Query(factory.Services, db => db.Reminders.AsNoTracking().Where(r => r.UserId == learner.Id).OrderBy(r => r.Id)
            .Select(r => new { r.AwaitingMail, r.SentOn, r.Step }).ToList());
        Assert.Equal([new { AwaitingMail = false, SentOn = new DateOnly(2026, 3, 2), Step = 1 }, new { AwaitingMail = false, SentOn = new DateOnly(2026, 3, 2), Step = 2 }], stored);
    }

    [Fact]
    public async Task Rows_with_their_own_keys_are_written_many_to_a_statement_where_the_database_allows_and_stored_as_SaveChanges_stores_them()
    {
        // Far-off days, so no scan of the tests' own days is touched; more rows than one statement takes on a server.
        var firstDay = new DateOnly(2041, 1, 1);
        ReminderScan Scan(int i) => new()
        {
            Kind = ReminderKind.OverdueNotice,
            Day = firstDay.AddDays(i),
            LeaseToken = i % 3 == 0 ? null : new Guid(i, 7, 7, [1, 2, 3, 4, 5, 6, 7, (byte)(i % 256)]),
            LeaseUntilUtc = i % 2 == 0 ? null : At.AddSeconds(i),
            StartedAtUtc = At.AddMinutes(i),
            CompletedAtUtc = i % 5 == 0 ? null : At.AddMinutes(i).AddMilliseconds(125),
            Queued = i * 11,
        };

        var bySaveChanges = Scan(0);
        bySaveChanges.Day = firstDay.AddDays(-1);
        var written = Enumerable.Range(0, 700).Select(Scan).ToList();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.ReminderScans.Add(bySaveChanges);
            await db.SaveChangesAsync();
            await TableWriter.InsertAsync(db, written, CancellationToken.None);
        }

        var stored = TestData.Query(factory.Services, db => db.ReminderScans.AsNoTracking().Where(s => s.Day >= firstDay && s.Kind == ReminderKind.OverdueNotice).OrderBy(s => s.Day).ToList());
        Assert.Equal(written.Select(s => (s.Day, s.LeaseToken, s.LeaseUntilUtc, s.StartedAtUtc, s.CompletedAtUtc, s.Queued)),
            stored.Select(s => (s.Day, s.LeaseToken, s.LeaseUntilUtc, s.StartedAtUtc, s.CompletedAtUtc, s.Queued)));

        TestData.Query(factory.Services, db =>
        {
            string[] columns = ["Kind", "LeaseToken", "LeaseUntilUtc", "StartedAtUtc", "CompletedAtUtc", "Queued"];
            Assert.Equal(StoredText(db, "ReminderScans", columns, "\"Day\" = {0}", bySaveChanges.Day), StoredText(db, "ReminderScans", columns, "\"Day\" = {0}", firstDay));
            return 0;
        });
    }
}
