using System.Globalization;
using AngleSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Reminders;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Reminders;

/// <summary>Reminders as staff receive them: scanned on the fake clock, queued in the outbox, delivered over real SMTP.</summary>
public class ReminderTests
{
    /// <summary>The database each test's portal runs on: a SQLite file, unless a subclass says otherwise.</summary>
    protected virtual TestDatabase NewDatabase() => TestDatabase.NewSqlite();

    private Task<ReminderWorld> StartWorldAsync(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null) =>
        ReminderWorld.StartAsync(configureServices, NewDatabase());

    [Fact]
    public async Task Each_course_reminder_goes_out_on_its_day_and_only_then_in_the_persons_own_language()
    {
        await using var world = await StartWorldAsync();
        var start = world.Today;
        var due = start.AddDays(45);
        var person = await world.PersonAsync(language: "zh-HK");
        await world.AssignAsync(person, due);

        for (var day = start; day <= due.AddDays(30); day = day.AddDays(1))
        {
            world.SetBankTime(day);
            await world.ScanAndDeliverAsync();
        }

        Assert.Equal([0], world.DaysQueued(person.Id, ReminderKind.AssignmentNotice, start));
        Assert.Equal([-30, -7, -1], world.DaysQueued(person.Id, ReminderKind.DueReminder, due));
        Assert.Equal([1, 8, 15, 22], world.DaysQueued(person.Id, ReminderKind.OverdueNotice, due));

        await world.DeliverAllAsync();
        var mails = world.MailsTo(person.Email!);
        var ledger = world.Ledger(person.Id).Where(r => r.OutboxMail is not null).ToList();
        Assert.Equal(ledger.Select(r => r.OutboxMail!.MessageId).Distinct().Order(), mails.Select(m => m.MessageId).Order());
        var traditional = Localizer(world, "zh-Hant");
        var simplified = Localizer(world, "zh-Hans");
        var dueReminders = ledger.Where(r => r.Kind == ReminderKind.DueReminder && r.CourseSlug == ReminderWorld.Course).ToList();
        var title = world.Services.GetRequiredService<TrainingPortal.Core.Content.ContentLibrary>().For("zh-Hant").Find(ReminderWorld.Course)!.Title;
        var date = world.Services.GetRequiredService<DateDisplay>().Date(due, "zh-Hant");
        var oneDayBefore = mails.Single(m => m.MessageId == dueReminders.Single(r => r.Step == 1).OutboxMail!.MessageId);
        Assert.Equal(traditional["Mail.Due.Subject", title, date], oneDayBefore.Subject);
        Assert.NotEqual(simplified["Mail.Due.Subject", title, date], oneDayBefore.Subject);
        Assert.Contains(traditional["Mail.Due.ItemTomorrow", title, date], oneDayBefore.TextBody);
        var html = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(oneDayBefore.HtmlBody));
        Assert.Equal("zh-Hant", html.DocumentElement.GetAttribute("lang"));
        Assert.Equal($"https://training.harbourline.example/courses/{ReminderWorld.Course}", html.QuerySelector("a[href]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Completing_the_course_stops_its_reminders_and_the_certificate_is_reminded_before_it_lapses()
    {
        await using var world = await StartWorldAsync();
        var start = world.Today;
        var due = start.AddDays(40);
        var person = await world.PersonAsync();
        await world.AssignAsync(person, due);
        for (var day = start; day <= due.AddDays(-10); day = day.AddDays(1))
        {
            world.SetBankTime(day);
            await world.ScanAndDeliverAsync();
        }

        await Arrange.CompleteLessonsAsync(world.Services, person.Id, ReminderWorld.Course);
        await Arrange.TakeQuizAsync(world.Services, person.Id, ReminderWorld.Course, rightCount: int.MaxValue);
        var expires = TestData.Query(world.Services, db => db.Certificates.Single(c => c.UserId == person.Id && c.CourseSlug == ReminderWorld.Course).ExpiresAtUtc!.Value);
        var expiryDate = world.Calendar.DateOf(expires);
        // The certificate was issued at 18:00, so it lapses at 18:00: the scan at 08:00 that day must not call it lapsed yet.
        foreach (var (day, hour) in new[] { -9, -7, -1, 0, 1, 8 }.Select(d => (due.AddDays(d), 18))
                     .Concat(new[] { -61, -60, -59, -31, -30, -29, -8, -7, -6, -1, 0, 1, 6, 7 }.Select(d => (expiryDate.AddDays(d), d == 0 ? 8 : 18))))
        {
            world.SetBankTime(day, hour);
            await world.ScanAndDeliverAsync();
        }

        Assert.Equal([-30], world.DaysQueued(person.Id, ReminderKind.DueReminder, due)); // nothing at -7, -1 or after: it was done
        Assert.Empty(world.DaysQueued(person.Id, ReminderKind.OverdueNotice, due));
        Assert.Equal([-60, -30, -7, 1], world.DaysQueued(person.Id, ReminderKind.CertificateExpiry, expiryDate)); // the lapse: the next day's scan
        Assert.Equal([60, 30, 7, 0], world.Ledger(person.Id).Where(r => r.Kind == ReminderKind.CertificateExpiry).Select(r => r.Step));
        Assert.All(world.Ledger(person.Id).Where(r => r.Kind == ReminderKind.CertificateExpiry), r => Assert.Equal(expiryDate, r.ForDate));

        await world.DeliverAllAsync();
        var english = Localizer(world, "en");
        var dates = world.Services.GetRequiredService<DateDisplay>();
        var title = world.Services.GetRequiredService<TrainingPortal.Core.Content.ContentLibrary>().For("en").Find(ReminderWorld.Course)!.Title;
        var subjects = world.MailsTo(person.Email!).Select(m => m.Subject).ToList();
        Assert.Equal(3, subjects.Count(s => s == english["Mail.Expiry.Subject", title, dates.Date(expiryDate, "en")]));
        Assert.Single(subjects, english["Mail.Lapsed.Subject", title, dates.Date(expiryDate, "en")].Value);
        // Renewal opens 30 days before expiry: the 60-day mail says from when, the later ones need not.
        var bodies = world.MailsTo(person.Email!).Where(m => m.Subject == english["Mail.Expiry.Subject", title, dates.Date(expiryDate, "en")]).Select(m => m.TextBody ?? "").ToList();
        var renewable = expiryDate.AddDays(-(int)TrainingPortal.Core.Certificates.CertificateRules.RenewalWindow.TotalDays);
        var from = english["Mail.Expiry.ItemFrom", title, dates.Date(expiryDate, "en"), dates.Date(renewable, "en")].Value;
        Assert.Single(bodies, b => b.Contains(from, StringComparison.Ordinal));
        Assert.Equal(2, bodies.Count(b => b.Contains(english["Mail.Expiry.Item", title, dates.Date(expiryDate, "en")], StringComparison.Ordinal) && !b.Contains(from, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_expiry_mail_sent_the_morning_renewal_opens_says_from_what_time()
    {
        await using var world = await StartWorldAsync();
        var person = await world.PersonAsync();
        await world.AssignAsync(person, world.Today.AddDays(40));
        world.SetBankTime(world.Today.AddDays(1), hour: 15); // passed at 15:00, so renewal opens at 15:00 thirty days before expiry
        await Arrange.CompleteLessonsAsync(world.Services, person.Id, ReminderWorld.Course);
        await Arrange.TakeQuizAsync(world.Services, person.Id, ReminderWorld.Course, rightCount: int.MaxValue);
        var expires = TestData.Query(world.Services, db => db.Certificates.Single(c => c.UserId == person.Id && c.CourseSlug == ReminderWorld.Course).ExpiresAtUtc!.Value);
        var opens = expires - TrainingPortal.Core.Certificates.CertificateRules.RenewalWindow;

        world.SetBankTime(world.Calendar.DateOf(opens), hour: 8);
        await world.ScanAsync();
        await world.DeliverAllAsync();

        var english = Localizer(world, "en");
        var dates = world.Services.GetRequiredService<DateDisplay>();
        var title = world.Services.GetRequiredService<TrainingPortal.Core.Content.ContentLibrary>().For("en").Find(ReminderWorld.Course)!.Title;
        var expiryDate = world.Calendar.DateOf(expires);
        var mail = Assert.Single(world.MailsTo(person.Email!), m => m.Subject == english["Mail.Expiry.Subject", title, dates.Date(expiryDate, "en")]);
        Assert.Contains(english["Mail.Expiry.ItemFrom", title, dates.Date(expiryDate, "en"), dates.TimeFrom(opens, "en")].Value, mail.TextBody);
    }

    [Fact]
    public async Task Managers_get_a_weekly_digest_of_their_branch_and_HR_a_monthly_summary_until_they_switch_it_off()
    {
        await using var world = await StartWorldAsync();
        var monday = world.Today;
        Assert.Equal(DayOfWeek.Monday, monday.DayOfWeek);
        var manager = TestData.Query(world.Services, db => db.Users.AsNoTracking().Single(u => u.Email == "manager@demo.bank"));
        var hr = TestData.Query(world.Services, db => db.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));
        var laggard = await world.PersonAsync();
        await UseCase.RunAsync(world.Services, (ChooseLanguage u) => u.ExecuteAsync(laggard.Id, "en", Actors.Hr(world.Services), CancellationToken.None));

        var days = Enumerable.Range(0, 31).Select(monday.AddDays).ToList();
        foreach (var day in days)
        {
            if (day == monday.AddDays(14))
            {
                var off = await UseCase.RunAsync(world.Services, (ChooseDigest u) => u.ExecuteAsync(manager.Id, false, Actors.Of(manager, Core.Staff.Roles.BranchManager), CancellationToken.None));
                Assert.True(off.Succeeded);
            }

            world.SetBankTime(day);
            await world.ScanAndDeliverAsync();
        }

        var digests = world.Ledger(manager.Id).Where(r => r.Kind == ReminderKind.BranchDigest).ToList();
        Assert.Equal([0, 7], digests.Select(r => r.SentOn.DayNumber - monday.DayNumber)); // switched off before the third
        Assert.Equal([monday, monday.AddDays(7)], digests.Select(r => r.ForDate));
        var summaries = world.Ledger(hr.Id).Where(r => r.Kind == ReminderKind.HrSummary).ToList();
        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 1)], summaries.Select(r => r.SentOn)); // November's was due since the 1st
        Assert.Equal([new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)], summaries.Select(r => r.ForDate));

        await world.DeliverAllAsync();
        var first = world.MailsTo("manager@demo.bank").Single(m => m.MessageId == digests[0].OutboxMail!.MessageId);
        var branch = TestData.Query(world.Services, db => db.Branches.Single(b => b.Id == manager.BranchId).Name);
        Assert.Contains(branch, first.Subject);
        Assert.Contains("https://training.harbourline.example/branch", first.TextBody);
        var overdueInBranch = TestData.Query(world.Services, db => db.RequiredCourses.Count(r => r.BranchId == manager.BranchId && r.CertifiedAtUtc == null && r.DueOn < monday));
        Assert.True(overdueInBranch > 0);
        Assert.Contains(Localizer(world, "en")["Mail.Digest.OverdueHeading", overdueInBranch], first.TextBody); // the manager's language is the default
        Assert.DoesNotContain(laggard.DisplayName, first.TextBody); // someone of another branch
        var summary = world.MailsTo("hr@demo.bank").Single(m => m.MessageId == summaries[1].OutboxMail!.MessageId);
        Assert.Contains("https://training.harbourline.example/dashboard", summary.TextBody);
        Assert.Contains(TestData.Query(world.Services, db => db.Regions.OrderBy(r => r.Id).First().Name), summary.TextBody);
    }

    [Fact]
    public async Task Two_instances_scanning_the_same_database_at_once_queue_and_send_every_reminder_once()
    {
        await using var world = await StartWorldAsync();
        var second = world.AddInstance();

        var scans = await Task.WhenAll(ReminderWorld.ScanAsync(world.Services), ReminderWorld.ScanAsync(second.Services));
        await Task.WhenAll(ReminderWorld.DeliverAllAsync(world.Services), ReminderWorld.DeliverAllAsync(second.Services));

        foreach (var kind in Enum.GetValues<ReminderKind>())
        {
            var states = scans.Select(run => run.Single(s => s.Kind == kind).State).ToList();
            Assert.Single(states, ScanState.Scanned);
        }

        var outbox = TestData.Query(world.Services, db => db.OutboxMails.AsNoTracking().ToList());
        Assert.True(outbox.Count > 100, $"the demo data should have many reminders due on its first day; {outbox.Count}");
        Assert.All(outbox, m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(outbox.Select(m => m.MessageId).Order(), world.Smtp.Messages.Select(m => m.MessageId).Order());
        var ledger = TestData.Query(world.Services, db => db.Reminders.AsNoTracking().Where(r => r.OutboxMailId != null).ToList());
        var announced = ledger.Where(r => r.Kind == ReminderKind.AssignmentNotice).Select(r => (r.UserId, r.CourseSlug)).ToHashSet();
        Assert.True(announced.Count > 0, "the demo data has a course assigned two days ago");
        Assert.DoesNotContain(ledger, r => r.Kind is ReminderKind.DueReminder or ReminderKind.OverdueNotice && announced.Contains((r.UserId, r.CourseSlug)));
        Assert.Equal(scans.SelectMany(run => run).Sum(s => s.MailIds.Count), outbox.Count);

        var again = await Task.WhenAll(ReminderWorld.ScanAsync(world.Services), ReminderWorld.ScanAsync(second.Services));
        Assert.All(again.SelectMany(run => run), s => Assert.Equal(ScanState.AlreadyScannedToday, s.State));
    }

    [Fact]
    public async Task A_scan_whose_instance_died_is_finished_by_another_once_its_lease_has_run_out_without_repeating_a_reminder()
    {
        await using var world = await StartWorldAsync();
        var today = world.Today;
        // An instance claimed the due reminders, queued some of them and died: its lease is still running.
        var deadQueued = await PartialScanAsync(world, today);

        var during = await world.ScanAsync();
        Assert.Equal(ScanState.HeldByAnother, during.Single(s => s.Kind == ReminderKind.DueReminder).State);

        world.Portal.Clock.Advance(TimeSpan.FromMinutes(11));
        var after = await world.ScanAsync();
        var finished = after.Single(s => s.Kind == ReminderKind.DueReminder);
        Assert.Equal(ScanState.Scanned, finished.State);
        Assert.Equal(0, finished.Recorded); // all were recorded before the first instance died
        Assert.True(finished.MailIds.Count > 0);
        var ledger = TestData.Query(world.Services, db => db.Reminders.AsNoTracking().Where(r => r.Kind == ReminderKind.DueReminder).ToList());
        Assert.All(ledger, r => Assert.False(r.AwaitingMail));
        Assert.All(ledger, r => Assert.NotNull(r.OutboxMailId));
        Assert.Equal(deadQueued + finished.MailIds.Count, ledger.Select(r => r.OutboxMailId).Distinct().Count());
    }

    /// <summary>What a dying instance leaves: the day's DueReminder scan leased to it, every due reminder recorded,
    /// and the mails of half the people written.</summary>
    private static async Task<int> PartialScanAsync(ReminderWorld world, DateOnly today)
    {
        var now = world.Portal.Clock.GetUtcNow().UtcDateTime;
        await using var scope = world.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        writer.ReminderScans.Add(new ReminderScan { Kind = ReminderKind.DueReminder, Day = today, LeaseToken = Guid.NewGuid(), LeaseUntilUtc = now.AddMinutes(10), StartedAtUtc = now });
        await writer.SaveChangesAsync();
        var queries = scope.ServiceProvider.GetRequiredService<ReminderQueries>();
        Assert.True(await queries.RecordDueAsync(ReminderKind.DueReminder, today, now, CancellationToken.None) > 10, "the demo data should have due reminders on its first day");
        var awaiting = await writer.Reminders.Where(r => r.Kind == ReminderKind.DueReminder && r.AwaitingMail).ToListAsync();
        var people = awaiting.GroupBy(r => r.UserId).ToList();
        var half = people.Take(people.Count / 2).ToList();
        var recipients = await queries.RecipientsAsync(half.Select(p => p.Key).ToList(), CancellationToken.None);
        var mails = scope.ServiceProvider.GetRequiredService<ReminderMails>();
        var outbox = scope.ServiceProvider.GetRequiredService<Web.Mail.MailOutbox>();
        foreach (var person in half)
        {
            var mail = outbox.Add(mails.Compose(ReminderKind.DueReminder,
                new ReminderLetter(person.Key, person.Select(r => new ReminderItem(r.CourseSlug, r.Step, r.ForDate)).ToList()), recipients[person.Key]));
            foreach (var row in person)
            {
                row.AwaitingMail = false;
                row.OutboxMail = mail;
            }
        }

        await writer.SaveChangesAsync();
        return half.Count;
    }

    [Fact]
    public async Task A_scan_that_runs_across_midnight_scans_every_kind_for_the_day_it_began()
    {
        await using var world = await StartWorldAsync();
        var start = world.Today;
        var person = await world.PersonAsync();
        var due = start.AddDays(2);
        await world.AssignAsync(person, due);
        world.SetBankTime(start);
        await world.ScanAsync(); // the notice
        var day = start.AddDays(1); // the eve of the due date: a "due tomorrow" reminder
        world.SetBankTime(day, hour: 23);
        world.Portal.Clock.Advance(TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(2)); // 23:59:58
        world.Portal.Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(1); // every reading of the clock moves it on: midnight falls mid-run

        var scans = await world.ScanAsync();

        world.Portal.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        Assert.True(world.Today > day, "the run did not cross midnight");
        Assert.All(scans, scan => Assert.Equal(ScanState.Scanned, scan.State));
        Assert.Equal(scans.Count, TestData.Query(world.Services, db => db.ReminderScans.Count(s => s.Day == day)));
        Assert.False(TestData.Query(world.Services, db => db.ReminderScans.Any(s => s.Day > day)));
        Assert.Equal([-1], world.DaysQueued(person.Id, ReminderKind.DueReminder, due));
    }

    [Fact]
    public async Task A_course_dropped_by_a_move_and_required_again_later_is_news_again()
    {
        await using var world = await StartWorldAsync();
        var person = await world.PersonAsync(); // at the second branch
        var first = world.Today;
        await AssignToBranchAsync(world, Arrange.BranchId(world.Services, 1), first.AddDays(60));
        await world.ScanAsync();

        // Moved to the third branch, where the course is not required: the row goes.
        var moved = await UseCase.RunAsync(world.Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(person.Id, person.DisplayName, Arrange.BranchId(world.Services, 2), person.JobTitle, TrainingPortal.Core.Staff.Roles.Employee), Actors.Hr(world.Services), CancellationToken.None));
        Assert.True(moved.Succeeded);
        world.SetBankTime(first.AddDays(20));
        await world.ScanAsync();
        // Later the third branch is given the course too.
        world.SetBankTime(first.AddDays(40));
        var second = world.Today;
        await AssignToBranchAsync(world, Arrange.BranchId(world.Services, 2), second.AddDays(60));
        await world.ScanAsync();

        Assert.Equal([0, 40], world.DaysQueued(person.Id, ReminderKind.AssignmentNotice, first));
    }

    [Fact]
    public async Task A_course_required_anew_by_the_same_due_date_it_was_told_of_is_not_news_and_stops_no_scan()
    {
        await using var world = await StartWorldAsync();
        var person = await world.PersonAsync();
        var first = world.Today;
        var due = first.AddDays(90); // a regulatory date both branches are given
        await AssignToBranchAsync(world, Arrange.BranchId(world.Services, 1), due);
        await world.ScanAsync();
        var moved = await UseCase.RunAsync(world.Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(person.Id, person.DisplayName, Arrange.BranchId(world.Services, 2), person.JobTitle, TrainingPortal.Core.Staff.Roles.Employee), Actors.Hr(world.Services), CancellationToken.None));
        Assert.True(moved.Succeeded);

        world.SetBankTime(first.AddDays(10));
        await AssignToBranchAsync(world, Arrange.BranchId(world.Services, 2), due);
        var scans = await world.ScanAsync();

        Assert.All(scans, scan => Assert.NotEqual(ScanState.TakenOver, scan.State));
        Assert.Equal(ScanState.Scanned, scans.Single(s => s.Kind == ReminderKind.DueReminder).State); // the day's scans went on
        Assert.Equal([0], world.DaysQueued(person.Id, ReminderKind.AssignmentNotice, first));
    }

    [Fact]
    public async Task A_due_date_moved_earlier_is_reminded_of_at_its_own_steps_whatever_the_notice_said()
    {
        await using var world = await StartWorldAsync();
        var start = world.Today;
        var person = await world.PersonAsync();
        await world.AssignAsync(person, start.AddDays(60));
        await world.ScanAsync(); // the notice: due in 60 days

        world.SetBankTime(start.AddDays(1));
        var id = TestData.Query(world.Services, db => db.Assignments.Where(a => a.CourseSlug == ReminderWorld.Course).OrderByDescending(a => a.Id).Select(a => a.Id).First());
        var changed = await UseCase.RunAsync(world.Services, (ChangeAssignmentDue u) => u.ExecuteAsync(
            new DueChange(id, TrainingPortal.Core.Assignments.DueRule.FixedDate, start.AddDays(6), null), Actors.Hr(world.Services), CancellationToken.None));
        Assert.True(changed.Succeeded);
        for (var day = start.AddDays(1); day <= start.AddDays(5); day = day.AddDays(1))
        {
            world.SetBankTime(day);
            await world.ScanAsync();
        }

        var due = start.AddDays(6);
        Assert.Equal([-5, -1], world.DaysQueued(person.Id, ReminderKind.DueReminder, due)); // the week's reminder at once, then the day before
    }

    private static async Task AssignToBranchAsync(ReminderWorld world, int branchId, DateOnly due)
    {
        var outcome = await UseCase.RunAsync(world.Services, (CreateAssignment u) => u.ExecuteAsync(
            new NewAssignment(ReminderWorld.Course, TrainingPortal.Core.Assignments.AssignmentTarget.Branch, null, branchId, null, null, TrainingPortal.Core.Assignments.DueRule.FixedDate, due, null),
            Actors.Hr(world.Services), CancellationToken.None));
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
    }

    [Fact]
    public async Task A_batch_of_mails_that_fails_gives_the_scan_back_to_be_tried_again_rather_than_counting_as_taken_over()
    {
        var busyOnce = new BusyOnceOnReminderMails();
        await using var world = await StartWorldAsync(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(busyOnce)));
        var person = await world.PersonAsync();
        await world.AssignAsync(person, world.Today.AddDays(45));
        busyOnce.Armed = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.ScanAsync());

        Assert.False(busyOnce.Armed);
        var notices = TestData.Query(world.Services, db => db.ReminderScans.AsNoTracking().Single(s => s.Kind == ReminderKind.AssignmentNotice && s.Day == world.Today));
        Assert.Equal(((Guid?)null, (DateTime?)null), (notices.LeaseToken, notices.CompletedAtUtc)); // given back, not held for the lease
        // The kinds that do not wait for the notices ran all the same; due and overdue reminders wait for them.
        var completed = TestData.Query(world.Services, db => db.ReminderScans.AsNoTracking().Where(s => s.Day == world.Today && s.CompletedAtUtc != null).Select(s => s.Kind).ToList());
        Assert.Equal([ReminderKind.CertificateExpiry, ReminderKind.BranchDigest, ReminderKind.HrSummary], completed.Order());
        var again = await world.ScanAsync();
        Assert.Equal(ScanState.Scanned, again.Single(s => s.Kind == ReminderKind.AssignmentNotice).State);
        Assert.Equal([0], world.DaysQueued(person.Id, ReminderKind.AssignmentNotice, world.Today));
        Assert.NotNull(world.Ledger(person.Id).Single(r => r.Kind == ReminderKind.AssignmentNotice && r.CourseSlug == ReminderWorld.Course).OutboxMailId);
    }

    [Fact]
    public async Task A_reminder_held_up_past_its_day_is_withdrawn_and_a_new_assignments_notice_still_goes()
    {
        await using var world = await StartWorldAsync();
        var start = world.Today;
        var due = start.AddDays(30);
        var person = await world.PersonAsync();
        await world.AssignAsync(person, due);

        // Nothing is delivered for the month (a mail server down): the notice, then the week's and the day's reminders wait.
        for (var day = start; day < due; day = day.AddDays(1))
        {
            world.SetBankTime(day);
            await world.ScanAsync();
        }

        Assert.Equal([-7, -1], world.DaysQueued(person.Id, ReminderKind.DueReminder, due));
        var heldUp = world.Ledger(person.Id).Where(r => r.Kind == ReminderKind.DueReminder && r.CourseSlug == ReminderWorld.Course).Select(r => r.OutboxMailId!.Value).ToList();
        world.SetBankTime(due);
        await world.DeliverAllAsync();

        var mails = world.MailsTo(person.Email!);
        var notice = world.Ledger(person.Id).Single(r => r.Kind == ReminderKind.AssignmentNotice && r.CourseSlug == ReminderWorld.Course);
        Assert.Contains(mails, m => m.MessageId == notice.OutboxMail!.MessageId);
        Assert.All(mails, m => Assert.StartsWith("reminder.assignmentnotice.", m.MessageId, StringComparison.Ordinal)); // whatever else they were told, nothing late went
        var withdrawn = TestData.Query(world.Services, db => db.OutboxMails.Where(m => heldUp.Contains(m.Id)).ToList());
        Assert.Equal(2, withdrawn.Count);
        Assert.All(withdrawn, m => Assert.Equal((OutboxState.Withdrawn, MailWithdrawal.DayOver), (m.State, m.WithdrawnBecause)));
        Assert.Empty(world.DaysQueued(person.Id, ReminderKind.DueReminder, due)); // off the ledger: their steps are past, so nothing is written again
    }

    [Fact]
    public async Task A_reminder_withdrawn_after_its_day_is_written_afresh_while_its_step_is_still_due()
    {
        await using var world = await StartWorldAsync();
        var due = world.Today.AddDays(30);
        var person = await world.PersonAsync();
        await world.AssignAsync(person, due);
        await world.ScanAndDeliverAsync(); // the notice
        world.SetBankTime(due.AddDays(-7));
        await world.ScanAsync(); // the week's reminder, which the mail server, down, does not take that day

        world.SetBankTime(due.AddDays(-6));
        await world.DeliverAllAsync();
        await world.ScanAndDeliverAsync();

        Assert.Equal([-6], world.DaysQueued(person.Id, ReminderKind.DueReminder, due));
        var title = world.Services.GetRequiredService<TrainingPortal.Core.Content.ContentLibrary>().For("en").Find(ReminderWorld.Course)!.Title;
        var line = Localizer(world, "en")["Mail.Due.Item", title, world.Services.GetRequiredService<DateDisplay>().Date(due, "en"), 6].Value;
        Assert.Single(world.MailsTo(person.Email!), m => (m.TextBody ?? "").Contains(line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reminder_left_by_a_failed_scan_is_not_mailed_once_the_course_is_done()
    {
        var busyOnce = new BusyOnceOnReminderMails();
        await using var world = await StartWorldAsync(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(busyOnce)));
        var person = await world.PersonAsync();
        await world.AssignAsync(person, world.Today.AddDays(45));
        busyOnce.Armed = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.ScanAsync()); // the notice is recorded, its mail not written

        await Arrange.CompleteLessonsAsync(world.Services, person.Id, ReminderWorld.Course);
        await Arrange.TakeQuizAsync(world.Services, person.Id, ReminderWorld.Course, rightCount: int.MaxValue);
        await world.ScanAsync();
        await world.DeliverAllAsync();

        Assert.DoesNotContain(world.Ledger(person.Id), r => r.Kind == ReminderKind.AssignmentNotice && r.CourseSlug == ReminderWorld.Course); // taken out
        // Any notice mail carries the person's other new courses only.
        var title = world.Services.GetRequiredService<TrainingPortal.Core.Content.ContentLibrary>().For("en").Find(ReminderWorld.Course)!.Title;
        Assert.DoesNotContain(world.MailsTo(person.Email!), m => m.MessageId!.StartsWith("reminder.assignmentnotice.", StringComparison.Ordinal)
            && (m.TextBody ?? "").Contains(title, StringComparison.Ordinal));
    }

    /// <summary>Fails the first save of reminder mails as a busy database does, once.</summary>
    private sealed class BusyOnceOnReminderMails : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public volatile bool Armed;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<OutboxMail>().Any(e => e.State == EntityState.Added && e.Entity.Bulk))
            {
                Armed = false;
                throw new DbUpdateException("An error occurred while saving the entity changes.", new Microsoft.Data.Sqlite.SqliteException("database is locked", 5));
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task A_person_with_more_reminders_awaiting_than_a_batch_holds_is_dealt_with_whole_in_one_mail()
    {
        await using var world = await StartWorldAsync();
        var person = await world.PersonAsync();
        await world.AssignAsync(person, world.Today.AddDays(1)); // one of the rows below is still true, so a mail goes
        var now = world.Portal.Clock.GetUtcNow().UtcDateTime;
        await using (var scope = world.Services.CreateAsyncScope())
        {
            // Left awaiting by scans that died on earlier days: far more than one batch of a thousand, all but one about
            // due dates the course no longer has.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Reminders.AddRange(Enumerable.Range(1, 1_100).Select(i => new Reminder
            {
                Kind = ReminderKind.DueReminder, UserId = person.Id, CourseSlug = ReminderWorld.Course, Step = 7,
                ForDate = world.Today.AddDays(i), SentOn = world.Today.AddDays(-1), QueuedAtUtc = now, AwaitingMail = true,
            }));
            await db.SaveChangesAsync();
        }

        var scans = await world.ScanAsync();

        Assert.Equal(ScanState.Scanned, scans.Single(s => s.Kind == ReminderKind.DueReminder).State);
        var row = Assert.Single(world.Ledger(person.Id), r => r.Kind == ReminderKind.DueReminder); // the 1,099 no longer true are taken out
        Assert.Equal(world.Today.AddDays(1), row.ForDate);
        Assert.False(row.AwaitingMail);
        Assert.NotNull(row.OutboxMailId);
    }

    [Fact]
    public async Task A_notice_left_by_a_failed_scan_about_a_due_date_moved_since_is_recorded_afresh_with_the_new_date()
    {
        var busyOnce = new BusyOnceOnReminderMails();
        await using var world = await StartWorldAsync(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(busyOnce)));
        var person = await world.PersonAsync();
        var start = world.Today;
        await world.AssignAsync(person, start.AddDays(45));
        busyOnce.Armed = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.ScanAsync());

        var id = TestData.Query(world.Services, db => db.Assignments.Where(a => a.CourseSlug == ReminderWorld.Course).OrderByDescending(a => a.Id).Select(a => a.Id).First());
        var changed = await UseCase.RunAsync(world.Services, (ChangeAssignmentDue u) => u.ExecuteAsync(
            new DueChange(id, TrainingPortal.Core.Assignments.DueRule.FixedDate, start.AddDays(90), null), Actors.Hr(world.Services), CancellationToken.None));
        Assert.True(changed.Succeeded);
        await world.ScanAsync(); // the row about day 45 is taken out
        world.SetBankTime(start.AddDays(1));
        await world.ScanAsync(); // and the notice of day 90 recorded and mailed

        var notice = Assert.Single(world.Ledger(person.Id), r => r.Kind == ReminderKind.AssignmentNotice && r.CourseSlug == ReminderWorld.Course);
        Assert.Equal((start.AddDays(90), start.AddDays(1)), (notice.ForDate, notice.SentOn));
        Assert.NotNull(notice.OutboxMailId);
    }

    [Fact]
    public async Task The_command_run_twice_on_one_day_sends_nothing_the_second_time()
    {
        await using var world = await StartWorldAsync();

        Assert.Equal(0, await ReminderCommands.RunAsync(world.Services, CancellationToken.None));
        var sent = world.Smtp.Messages.Count;
        var queued = TestData.Query(world.Services, db => db.OutboxMails.Count());
        Assert.True(sent > 0);
        Assert.Equal(queued, sent); // the command returns once the mails have reached the server

        world.Portal.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, await ReminderCommands.RunAsync(world.Services, CancellationToken.None));
        Assert.Equal(sent, world.Smtp.Messages.Count);
        Assert.Equal(queued, TestData.Query(world.Services, db => db.OutboxMails.Count()));
    }

    [Theory]
    [InlineData("2027-01-15T09:00", "2027-01-15T01:00:00")] // the bank's zone, Asia/Shanghai
    [InlineData("2027-01-15 09:00", "2027-01-15T01:00:00")]
    [InlineData("2027-01-15T09:00+08:00", "2027-01-15T01:00:00")]
    [InlineData("2027-01-15T09:00Z", "2027-01-15T09:00:00")]
    [InlineData("2027-01-15T09:00-05:00", "2027-01-15T14:00:00")]
    public void The_now_option_is_the_banks_time_unless_it_carries_an_offset(string value, string utc) =>
        Assert.Equal(DateTime.Parse(utc, CultureInfo.InvariantCulture), ReminderCommands.ParseNow(value, new Core.Calendar.BankCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))));

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2027-13-01T09:00")]
    public void A_now_that_is_not_a_time_is_refused(string value) =>
        Assert.Null(ReminderCommands.ParseNow(value, new Core.Calendar.BankCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))));

    private static IStringLocalizer Localizer(ReminderWorld world, string language)
    {
        var factory = world.Services.GetRequiredService<IStringLocalizerFactory>();
        var localizer = factory.Create(typeof(Shared));
        return new CultureLocalizer(localizer, language);
    }

    /// <summary>Looks strings up in one language, whatever the test thread's culture.</summary>
    private sealed class CultureLocalizer(IStringLocalizer inner, string language) : IStringLocalizer
    {
        public LocalizedString this[string name] { get { using var _ = CultureSwitch.Use(language); return inner[name]; } }

        public LocalizedString this[string name, params object[] arguments] { get { using var _ = CultureSwitch.Use(language); return inner[name, arguments]; } }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
