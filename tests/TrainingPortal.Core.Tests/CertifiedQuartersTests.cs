using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Progress;

namespace TrainingPortal.Core.Tests;

public class CertifiedQuartersTests
{
    private static readonly BankCalendar Shanghai = BankCalendar.ForZone("Asia/Shanghai", out _)!;

    private static readonly IReadOnlyList<DateOnly> QuarterStarts = Enumerable.Range(0, 12).Select(i => new DateOnly(2024, 1, 1).AddMonths(3 * i)).ToList();

    /// <summary>An instant on, just before or just after a quarter's end moment, or at random in the three years.</summary>
    private static DateTime Instant(Random random)
    {
        var quarter = QuarterStarts[random.Next(QuarterStarts.Count)];
        var moment = CertifiedQuarters.EndMoment(quarter, Shanghai);
        return random.Next(5) switch
        {
            0 => moment,
            1 => moment.AddTicks(-1),
            2 => moment.AddTicks(1),
            3 => moment.AddHours(random.Next(-30, 30)),
            _ => moment.AddDays(-random.Next(0, 92)),
        };
    }

    [Fact]
    public void The_runs_hold_exactly_the_quarter_ends_at_which_a_certificate_was_valid()
    {
        var random = new Random(7);
        for (var i = 0; i < 3_000; i++)
        {
            var certificates = Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
            {
                var issued = Instant(random);
                DateTime? expires = random.Next(3) == 0 ? null : random.Next(2) == 0 ? Instant(random) : issued.AddYears(1);
                DateTime? revoked = random.Next(4) == 0 ? Instant(random) : null;
                return (issued, expires, revoked);
            }).ToList();

            var spans = CertifiedQuarters.Of(certificates, Shanghai);
            Assert.Equal(spans, CertifiedQuarters.Parse(CertifiedQuarters.Format(spans)));
            foreach (var quarter in QuarterStarts)
            {
                var moment = CertifiedQuarters.EndMoment(quarter, Shanghai);
                var valid = certificates.Any(c => c.issued < moment && (c.expires is null || c.expires > moment) && (c.revoked is null || c.revoked > moment));
                Assert.True(valid == spans.Any(s => s.From <= quarter && quarter <= s.To),
                    $"quarter {quarter}, certificates {string.Join("; ", certificates)}, runs {CertifiedQuarters.Format(spans)}");
            }

            Assert.True(spans.Zip(spans.Skip(1)).All(pair => pair.First.To != Quarters.Never && pair.First.To.AddMonths(3) < pair.Second.From), "runs are merged");
        }
    }

    [Fact]
    public void A_certificate_lapsing_at_the_moment_a_quarter_begins_is_not_held_at_the_end_of_the_one_before()
    {
        var issued = Shanghai.StartOfDayUtc(new DateOnly(2025, 2, 10));
        var lapses = Shanghai.StartOfDayUtc(new DateOnly(2025, 10, 1)); // the end moment of the third quarter

        Assert.Equal([new QuarterSpan(new DateOnly(2025, 1, 1), new DateOnly(2025, 4, 1))], CertifiedQuarters.Of([(issued, lapses, null)], Shanghai));
        Assert.Equal([new QuarterSpan(new DateOnly(2025, 1, 1), new DateOnly(2025, 7, 1))], CertifiedQuarters.Of([(issued, lapses.AddTicks(1), null)], Shanghai));
        Assert.Null(CertifiedQuarters.Format([]));
    }

    [Fact]
    public void A_course_counts_as_assigned_from_its_quarter_and_as_certified_only_once_assigned()
    {
        var keys = AdoptionKey.Of(null, "c", new DateOnly(2025, 5, 20), "2024-07-01/2025-07-01 2026-01-01/-").ToList();

        Assert.Equal(
            [
                (new AdoptionKey(0, "c", new DateOnly(2025, 4, 1), Quarters.Never), 1, 0),
                (new AdoptionKey(0, "c", new DateOnly(2025, 4, 1), new DateOnly(2025, 7, 1)), 0, 1),
                (new AdoptionKey(0, "c", new DateOnly(2026, 1, 1), Quarters.Never), 0, 1),
            ],
            keys);
        Assert.Single(AdoptionKey.Of(3, "c", new DateOnly(2025, 10, 2), "2024-07-01/2025-07-01"));
    }
}
