using TrainingPortal.Core.Reminders;

namespace TrainingPortal.Core.Tests.Reminders;

public class ReminderScheduleTests
{
    private static readonly DateOnly Due = new(2027, 3, 31);

    /// <summary>The days, from two months before to a month after <paramref name="about"/>, on which a step is due.</summary>
    private static List<(int DaysBefore, int Offset)> DaysDue(IEnumerable<ReminderStep> steps, DateOnly about) =>
        (from offset in Enumerable.Range(-70, 101)
         let today = about.AddDays(offset)
         from step in steps
         let dates = step.DatesDueOn(today)
         where about >= dates.From && about <= dates.To
         select (step.DaysBefore, offset)).ToList();

    [Fact]
    public void Each_due_reminder_step_falls_due_on_its_day_and_stays_due_only_until_the_next_step()
    {
        var due = DaysDue(ReminderSchedule.Default.DueSteps, Due);

        Assert.Equal(Enumerable.Range(-30, 23).Select(o => (30, o)), due.Where(d => d.DaysBefore == 30));
        Assert.Equal(Enumerable.Range(-7, 6).Select(o => (7, o)), due.Where(d => d.DaysBefore == 7));
        Assert.Equal([(1, -1)], due.Where(d => d.DaysBefore == 1));
        Assert.Equal(due.Count, due.Select(d => d.Offset).Distinct().Count()); // never two steps on one day
    }

    [Fact]
    public void Overdue_notices_start_the_day_after_the_due_date_and_repeat_weekly_four_times()
    {
        var steps = ReminderSchedule.Default.OverdueSteps;

        Assert.Equal([1, 8, 15, 22], steps.Select(s => (s.Occasion(Due).DayNumber - Due.DayNumber)));
        var due = DaysDue(steps, Due);
        Assert.Equal(Enumerable.Range(1, 28), due.Select(d => d.Offset));
    }

    [Fact]
    public void Certificate_reminders_come_sixty_thirty_and_seven_days_before_and_on_the_day_it_lapses()
    {
        var steps = ReminderSchedule.Default.ExpirySteps;

        Assert.Equal([60, 30, 7, 0], steps.Select(s => s.DaysBefore));
        var due = DaysDue(steps, Due);
        Assert.Equal([-60, -30, -7, 0], due.GroupBy(d => d.DaysBefore).Select(g => g.Min(d => d.Offset)));
        Assert.Equal(6, due.Max(d => d.Offset)); // a lapse missed for a week is not announced any more
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-02")] // a Monday
    [InlineData("2026-11-03", "2026-11-02")]
    [InlineData("2026-11-08", "2026-11-02")] // Sunday
    [InlineData("2026-11-09", "2026-11-09")]
    public void The_weekly_digest_is_the_latest_digest_day_not_after_today(string today, string digest) =>
        Assert.Equal(DateOnly.Parse(digest), ReminderSchedule.Default.DigestDate(DateOnly.Parse(today)));

    [Fact]
    public void A_digest_day_other_than_Monday_is_honoured()
    {
        var friday = ReminderSchedule.Create(null, null, null, DayOfWeek.Friday, out _)!;

        Assert.Equal(new DateOnly(2026, 10, 30), friday.DigestDate(new DateOnly(2026, 11, 2)));
        Assert.Equal(new DateOnly(2026, 11, 6), friday.DigestDate(new DateOnly(2026, 11, 6)));
    }

    [Fact]
    public void The_monthly_summary_is_dated_the_first_of_the_month() =>
        Assert.Equal(new DateOnly(2027, 2, 1), ReminderSchedule.SummaryDate(new DateOnly(2027, 2, 28)));

    [Fact]
    public void Settings_are_sorted_and_checked_with_the_setting_named()
    {
        var custom = ReminderSchedule.Create([3, 14], 2, [10], DayOfWeek.Wednesday, out var none)!;
        Assert.Empty(none);
        Assert.Equal([14, 3], custom.DueSteps.Select(s => s.DaysBefore));
        Assert.Equal([(-1, 7), (-8, 7)], custom.OverdueSteps.Select(s => (s.DaysBefore, s.Span)));

        Assert.Null(ReminderSchedule.Create([0, 7, 7], -1, [], null, out var problems));
        Assert.Contains(problems, p => p.StartsWith("Reminders:DueDays must be whole days from 1 to 366", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Reminders:DueDays names the same day twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Reminders:OverdueRepeats must be between 0 and 52", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Reminders:ExpiryDays needs at least one", StringComparison.Ordinal));
    }
}
