using System.Globalization;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Reminders;

/// <summary>
/// Writes each reminder's mail in its recipient's language, with dates in the bank's calendar and course titles from
/// that language's content, and a link straight to the course, the person's learning, the branch or the dashboard.
/// </summary>
public sealed class ReminderMails(MailOutbox outbox, ContentLibrary content, DateDisplay dates, PublicUrls urls, TimeProvider time, BankCalendar calendar, IStringLocalizer<Shared> text)
{
    public const string MailKindPrefix = "reminder.";

    public static string MailKind(ReminderKind kind) => MailKindPrefix + kind;

    /// <summary>
    /// Until when a reminder is worth sending: its words are the day's (days left, figures, when renewal opens), so one
    /// held up by a mail server that was down goes no later than the end of the bank day it was written on; the next
    /// step or digest says it afresh. A notice of a new assignment is the only one of its kind, and stays true, so it waits.
    /// </summary>
    private DateTime? ValidUntil(ReminderKind kind, DateOnly writtenOn) =>
        kind == ReminderKind.AssignmentNotice ? null : calendar.StartOfDayUtc(writtenOn.AddDays(1));

    public MailDraft Compose(ReminderKind kind, ReminderLetter letter, ReminderRecipient to)
    {
        var language = outbox.LanguageOf(to.PreferredCulture);
        using var culture = CultureSwitch.Use(language);
        var courses = content.For(language);
        var today = dates.Calendar.DateOf(time.GetUtcNow().UtcDateTime);
        var (subject, paragraphs, action) = kind switch
        {
            ReminderKind.AssignmentNotice => CourseMail(letter, courses, language, "Mail.Assigned",
                // someone who joins after an assignment was made may be told of a due date already past
                (item, title) => item.ForDate < today ? text["Mail.Assigned.ItemOverdue", title, dates.Date(item.ForDate, language)] : text["Mail.Assigned.Item", title, dates.Date(item.ForDate, language)]),
            ReminderKind.DueReminder => CourseMail(letter, courses, language, "Mail.Due",
                // the days left, not the step's: a day the scan missed is made up with the step it falls in
                (item, title) => (item.ForDate.DayNumber - today.DayNumber) switch
                {
                    1 => text["Mail.Due.ItemTomorrow", title, dates.Date(item.ForDate, language)],
                    > 1 and var days => text["Mail.Due.Item", title, dates.Date(item.ForDate, language), days],
                    _ => text["Mail.Assigned.Item", title, dates.Date(item.ForDate, language)],
                }),
            ReminderKind.OverdueNotice => CourseMail(letter, courses, language, "Mail.Overdue",
                (item, title) => text["Mail.Overdue.Item", title, dates.Date(item.ForDate, language)]),
            ReminderKind.CertificateExpiry => CourseMail(letter, courses, language, letter.Items.All(i => i.Step == 0) ? "Mail.Lapsed" : "Mail.Expiry",
                (item, title) => item.Step == 0 ? text["Mail.Lapsed.Item", title, dates.Date(item.ForDate, language)] : ExpiryLine(item, title, language)),
            ReminderKind.BranchDigest => BranchDigest(letter.Digest!, courses, language),
            ReminderKind.HrSummary => HrSummary(letter.Digest!, letter.Items[0].ForDate, language),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new MailDraft(MailKind(kind), to.Email, to.Name, subject, paragraphs, action, language, Bulk: true, RecipientUserId: to.UserId,
            ValidUntilUtc: ValidUntil(kind, today));
    }

    /// <summary>
    /// A certificate can be renewed only within <see cref="CertificateRules.RenewalWindow"/> of its expiry; a mail sent
    /// earlier says from which day, or from what time when that is today (the window opens at the moment of day the
    /// certificate was issued), so nobody is sent to a quiz that is still closed to them.
    /// </summary>
    private string ExpiryLine(ReminderItem item, string title, string language)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var opens = CertificateRules.RenewalOpensAt(item.At ?? throw new InvalidOperationException("An expiry reminder carries its certificate's expiry (see ReminderScanner)."));
        var from = opens <= now ? null
            : calendar.DateOf(opens) == calendar.DateOf(now) ? dates.TimeFrom(opens, language)
            : dates.Date(calendar.DateOf(opens), language);
        return from is not null
            ? text["Mail.Expiry.ItemFrom", title, dates.Date(item.ForDate, language), from]
            : text["Mail.Expiry.Item", title, dates.Date(item.ForDate, language)];
    }

    /// <summary>A mail about one or more courses: subject naming the course when there is one, a line per course, a link.</summary>
    private (string, IReadOnlyList<string>, MailAction) CourseMail(ReminderLetter letter, CourseCatalog courses, string language, string keys,
        Func<ReminderItem, string, string> line)
    {
        var items = letter.Items;
        var first = items[0];
        var subject = items.Count == 1
            ? text[keys + ".Subject", Title(courses, first.CourseSlug), dates.Date(first.ForDate, language)]
            : text[keys + ".SubjectMany", items.Count];
        var paragraphs = new List<string> { text[keys + ".Intro", text["Programme.Name"]] };
        paragraphs.AddRange(items.Select(item => "• " + line(item, Title(courses, item.CourseSlug))));
        var action = items.Select(i => i.CourseSlug).Distinct().Count() == 1
            ? new MailAction(text["Mail.Reminder.OpenCourse"], urls.Page("/Courses/Course", new { course = first.CourseSlug }))
            : new MailAction(text["Mail.Reminder.OpenMyLearning"], urls.Page("/Index"));
        return (subject, paragraphs, action);
    }

    private (string, IReadOnlyList<string>, MailAction) BranchDigest(DigestReport report, CourseCatalog courses, string language)
    {
        var figures = report.Figures;
        var paragraphs = new List<string> { Figures(figures) };
        paragraphs.Add(report.OverdueCount == 0 ? text["Mail.Digest.NoneOverdue"] : text["Mail.Digest.OverdueHeading", report.OverdueCount]);
        paragraphs.AddRange(report.Overdue.Select(p => "• " + text["Mail.Digest.OverduePerson", p.Name, p.EmployeeNumber, Title(courses, p.CourseSlug), dates.Date(p.Date, language)]));
        if (report.OverdueCount > report.Overdue.Count)
        {
            paragraphs.Add(text["Mail.Digest.More", report.OverdueCount - report.Overdue.Count]);
        }

        paragraphs.Add(report.ExpiringCount == 0
            ? text["Mail.Digest.NoneExpiring", ReminderQueries.DigestExpiryDays]
            : text["Mail.Digest.ExpiringHeading", ReminderQueries.DigestExpiryDays, report.ExpiringCount]);
        paragraphs.AddRange(report.Expiring.Select(p => "• " + text["Mail.Digest.ExpiringPerson", p.Name, p.EmployeeNumber, Title(courses, p.CourseSlug), dates.Date(p.Date, language)]));
        if (report.ExpiringCount > report.Expiring.Count)
        {
            paragraphs.Add(text["Mail.Digest.More", report.ExpiringCount - report.Expiring.Count]);
        }

        paragraphs.Add(text["Mail.Digest.SwitchOff"]);
        var subject = text["Mail.Digest.Subject", report.Scope!, Percent(figures.CompletionPercent), figures.Overdue];
        return (subject, paragraphs, new MailAction(text["Mail.Digest.Action"], urls.Page("/Branch/Index")));
    }

    private (string, IReadOnlyList<string>, MailAction) HrSummary(DigestReport report, DateOnly month, string language)
    {
        var paragraphs = new List<string> { Figures(report.Figures), text["Mail.Summary.RegionsHeading"] };
        paragraphs.AddRange(report.Regions.Select(r => "• " + text["Mail.Summary.Region", r.Region, Percent(r.Figures.CompletionPercent), r.Figures.Overdue]));
        paragraphs.Add(text["Mail.Summary.SwitchOff"]);
        var subject = text["Mail.Summary.Subject", dates.MonthYear(month, language), Percent(report.Figures.CompletionPercent)];
        return (subject, paragraphs, new MailAction(text["Mail.Summary.Action"], urls.Page("/Dashboard/Index")));
    }

    private string Figures(AdoptionFigures figures) =>
        text["Mail.Digest.Figures", figures.Staff, figures.Assigned, figures.Completed, Percent(figures.CompletionPercent), figures.Overdue];

    private static string Percent(double? percent) =>
        percent is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Title(CourseCatalog courses, string slug) => courses.Find(slug)?.Title ?? slug;
}
