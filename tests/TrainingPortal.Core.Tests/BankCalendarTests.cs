using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;

namespace TrainingPortal.Core.Tests;

public class BankCalendarTests
{
    private static readonly BankCalendar Shanghai = BankCalendar.ForZone("Asia/Shanghai", out _)!;

    [Fact]
    public void A_course_falls_overdue_at_midnight_in_the_banks_zone_not_at_midnight_utc()
    {
        var dueOn = new DateOnly(2026, 12, 1);
        var lastMinuteOfDueDay = new DateTime(2026, 12, 1, 15, 59, 0, DateTimeKind.Utc); // 23:59 in Shanghai
        var firstMinuteAfter = new DateTime(2026, 12, 1, 16, 0, 0, DateTimeKind.Utc); // 00:00 on 2 December in Shanghai

        Assert.Equal(TrainingStatus.NotStarted, TrainingStatuses.Of(dueOn, null, null, null, Shanghai.MomentAt(lastMinuteOfDueDay)));
        Assert.Equal(TrainingStatus.Overdue, TrainingStatuses.Of(dueOn, null, null, null, Shanghai.MomentAt(firstMinuteAfter)));
    }

    [Theory]
    [InlineData("Asia/Shanghai", "1940-06-01")]
    [InlineData("Asia/Shanghai", "1919-04-13")]
    [InlineData("Asia/Hong_Kong", "1946-04-21")]
    public void A_day_whose_clocks_skipped_midnight_begins_when_they_skipped_it(string zone, string day)
    {
        var calendar = BankCalendar.ForZone(zone, out _)!;
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(calendar.Zone.IsInvalidTime(date.ToDateTime(TimeOnly.MinValue)), $"{day} had a midnight in {zone}");

        var start = calendar.StartOfDayUtc(date);

        Assert.Equal(date, calendar.DateOf(start));
        Assert.Equal(date.AddDays(-1), calendar.DateOf(start.AddTicks(-1)));
    }

    [Fact]
    public void An_instant_late_in_the_utc_day_is_the_next_day_in_hong_kong()
    {
        var hongKong = BankCalendar.ForZone("Asia/Hong_Kong", out _)!;
        var instant = new DateTime(2026, 12, 2, 17, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 12, 3), hongKong.DateOf(instant));
        Assert.Equal(new DateTime(2026, 12, 3, 1, 30, 0), hongKong.LocalTime(instant));
        Assert.Equal(new DateTime(2026, 12, 2, 16, 0, 0, DateTimeKind.Utc), hongKong.StartOfDayUtc(new DateOnly(2026, 12, 3)));
    }

    [Fact]
    public void An_unknown_zone_is_refused_with_the_id_named()
    {
        Assert.Null(BankCalendar.ForZone("Asia/Atlantis", out var problem));
        Assert.Contains("Asia/Atlantis", problem);
    }
}
