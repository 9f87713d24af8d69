using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Mail;
using TrainingPortal.Web.Reminders;
using TrainingPortal.Web.Tests.Mail;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Reminders;

/// <summary>
/// A fresh app and a real SMTP server for one test, because reminder tests move the clock by weeks. The demo data is
/// there (240 staff who get reminders of their own), so assertions pick out the test's own people.
/// </summary>
public sealed class ReminderWorld : IAsyncDisposable
{
    /// <summary>A course with a twelve-month certificate that the demo assigns only to relationship managers and tellers.</summary>
    public const string Course = "customer-information-and-segmentation";

    private readonly List<MailFactory> _hosts = [];

    private ReminderWorld(TestSmtpServer smtp) => Smtp = smtp;

    public TestSmtpServer Smtp { get; }

    public MailFactory Portal => _hosts[0];

    public IServiceProvider Services => Portal.Services;

    public BankCalendar Calendar => Services.GetRequiredService<BankCalendar>();

    /// <summary>The bank's date on the first host's clock.</summary>
    public DateOnly Today => Calendar.DateOf(Portal.Clock.GetUtcNow().UtcDateTime);

    /// <param name="configureServices">More test services for the first host (an interceptor, say).</param>
    /// <param name="database">The first host's database; a SQLite file of its own when none is given.</param>
    public static async Task<ReminderWorld> StartAsync(Action<IServiceCollection>? configureServices = null, TestDatabase? database = null)
    {
        var world = new ReminderWorld(await TestSmtpServer.StartAsync());
        world._hosts.Add(world.NewHost(database ?? TestDatabase.NewSqlite(), configureServices));
        _ = world.Portal.Services; // migrations and demo data
        return world;
    }

    /// <summary>A second instance of the app on the first one's database, with a clock of its own set to the same time.</summary>
    public MailFactory AddInstance()
    {
        var host = NewHost(Portal.Database.SharedWithAnotherInstance());
        host.Clock.SetUtcNow(Portal.Clock.GetUtcNow());
        _ = host.Services;
        _hosts.Add(host);
        return host;
    }

    private MailFactory NewHost(TestDatabase database, Action<IServiceCollection>? configureServices = null)
    {
        var settings = MailHarness.SendingTo(Smtp, batchSize: 200);
        settings["Portal:PublicBaseUrl"] = "https://training.harbourline.example";
        return new(settings, configureServices: configureServices, database: database);
    }

    /// <summary>Moves every host's clock to a time of the bank's day; never backwards, so the default is after the
    /// factory's start (17:00 in Shanghai).</summary>
    public void SetBankTime(DateOnly day, int hour = 18)
    {
        var utc = new DateTimeOffset(Calendar.ToUtc(day.ToDateTime(new TimeOnly(hour, 0))), TimeSpan.Zero);
        foreach (var host in _hosts)
        {
            host.Clock.SetUtcNow(utc);
        }
    }

    public static async Task<IReadOnlyList<KindScan>> ScanAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScanner>().RunAsync(CancellationToken.None);
    }

    public Task<IReadOnlyList<KindScan>> ScanAsync() => ScanAsync(Services);

    /// <summary>Scans, then delivers what the scan wrote, on the same bank day, as the background services and <c>reminders run</c> do.</summary>
    public async Task ScanAndDeliverAsync()
    {
        await ScanAsync();
        await DeliverAllAsync();
    }

    /// <summary>Delivers until nothing due is left.</summary>
    public static async Task DeliverAllAsync(IServiceProvider services)
    {
        while ((await MailHarness.DeliverAsync(services)).Claimed > 0)
        {
        }
    }

    public Task DeliverAllAsync() => DeliverAllAsync(Services);

    /// <summary>An operations officer (no job-title assignment) at the second branch, in the given language.</summary>
    public async Task<PortalUser> PersonAsync(string? language = null)
    {
        var person = await Arrange.StaffAsync(Services, "Operations Officer", branchIndex: 1, hireDate: new DateOnly(2020, 5, 1));
        if (language is not null)
        {
            var chosen = await UseCase.RunAsync(Services, (ChooseLanguage u) => u.ExecuteAsync(person.Id, language, Actors.Hr(Services), CancellationToken.None));
            Assert.True(chosen.Succeeded);
        }

        return person;
    }

    /// <summary>Requires <see cref="Course"/> of one person by <paramref name="due"/>, as HR does on the assignments page.</summary>
    public async Task AssignAsync(PortalUser person, DateOnly due)
    {
        var outcome = await UseCase.RunAsync(Services, (CreateAssignment u) => u.ExecuteAsync(
            new NewAssignment(Course, AssignmentTarget.Employees, null, null, null, person.EmployeeNumber, DueRule.FixedDate, due, null),
            Actors.Hr(Services), CancellationToken.None));
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
    }

    public IReadOnlyList<Reminder> Ledger(string userId) =>
        TestData.Query(Services, db => db.Reminders.AsNoTracking().Include(r => r.OutboxMail).Where(r => r.UserId == userId).OrderBy(r => r.Id).ToList());

    /// <summary>The days (relative to <paramref name="origin"/>) a kind of reminder about the course was queued for the person.</summary>
    public List<int> DaysQueued(string userId, ReminderKind kind, DateOnly origin, string course = Course) =>
        Ledger(userId).Where(r => r.Kind == kind && r.CourseSlug == course).Select(r => r.SentOn.DayNumber - origin.DayNumber).ToList();

    public IReadOnlyList<MimeMessage> MailsTo(string address) =>
        Smtp.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        await Smtp.DisposeAsync();
    }
}
