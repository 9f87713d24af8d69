using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.Tests;

public class TallyKeyTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 16, 30, 0, DateTimeKind.Utc);
    private static readonly StatusMoment At = new(Now, new DateOnly(2026, 12, 4)); // the bank's date is already tomorrow

    [Fact]
    public void A_key_gives_the_status_of_every_row_under_it_except_certificates_lapsing_on_the_utc_day()
    {
        var random = new Random(7);
        var undecided = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var certified = random.Next(2) == 0;
            DateTime? expires = certified && random.Next(3) > 0 ? Now.AddHours(random.Next(-60, 61)).AddSeconds(random.Next(-2, 3)) : null;
            var dates = new TrainingDates(At.Today.AddDays(random.Next(-3, 4)), random.Next(2) == 0 ? null : Now.AddDays(-1), certified ? Now.AddDays(-200) : null, expires);
            var key = TallyKey.Of(7, "course", dates);

            var status = TallyStatuses.Of(key, At);
            if (status is null)
            {
                undecided++;
                Assert.Equal(DateOnly.FromDateTime(Now), DateOnly.FromDateTime(expires!.Value));
                continue;
            }

            Assert.Equal(TrainingStatuses.Of(dates, At), status);
        }

        Assert.InRange(undecided, 1, 3_000 / 4);
    }

    [Fact]
    public void Dates_a_status_does_not_turn_on_are_left_out_of_the_key_so_rows_share_it()
    {
        var notYet = TallyKey.Of(null, "course", new TrainingDates(new DateOnly(2027, 1, 31), null, null, null));
        Assert.Equal(TallyKey.HeadOffice, notYet.BranchId);
        Assert.Equal(TallyKey.Never, notYet.ExpiresOn);
        Assert.Null(CertificationKey.Of(null, "course", new TrainingDates(new DateOnly(2027, 1, 31), null, null, null), null, null));

        var certifiedEarly = new TrainingDates(new DateOnly(2027, 1, 31), Now, Now.AddDays(-3), null);
        var certifiedLate = new TrainingDates(new DateOnly(2026, 6, 30), null, Now, null);
        Assert.Equal(TallyKey.Of(3, "course", certifiedEarly), TallyKey.Of(3, "course", certifiedLate));
        Assert.NotEqual(CertificationKey.Of(3, "course", certifiedEarly, new DateOnly(2026, 11, 30), 0),
            CertificationKey.Of(3, "course", certifiedLate, new DateOnly(2026, 12, 3), 0));
    }

    [Fact]
    public void Changes_to_the_same_key_add_up_and_cancel_out()
    {
        var changes = new TallyChanges();
        var key = TallyKey.Of(1, "course", new TrainingDates(new DateOnly(2027, 1, 31), null, null, null));
        changes.Add(key, TallyAmount.Of(80));
        changes.Add(key, -TallyAmount.Of(80));
        changes.AddPeople(1, 1);
        changes.AddPeople(1, -1);
        Assert.Empty(changes.Keys);
        Assert.Empty(changes.People);

        changes.Add(key, TallyAmount.Of(null));
        changes.Add(key, TallyAmount.Of(90));
        Assert.Equal(new TallyAmount(2, 90, 1), Assert.Single(changes.Keys).Value);
    }
}
