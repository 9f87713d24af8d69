using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

public class StaffPlaceTests
{
    [Fact]
    public void A_new_active_account_adds_one_to_its_branch_and_a_new_disabled_one_nothing()
    {
        var changes = StaffPlace.ActiveChanges([(null, new StaffPlace(7, true)), (null, new StaffPlace(8, false))]);

        Assert.Equal(new Dictionary<int, int> { [7] = 1 }, changes);
    }

    [Fact]
    public void A_move_takes_one_from_the_old_branch_and_gives_it_to_the_new_and_head_office_counts_under_its_key()
    {
        var changes = StaffPlace.ActiveChanges([(new StaffPlace(7, true), new StaffPlace(null, true))]);

        Assert.Equal(new Dictionary<int, int> { [TallyKey.HeadOffice] = 1, [7] = -1 }, changes);
    }

    [Fact]
    public void Disabling_takes_one_away_enabling_gives_it_back_and_a_disabled_persons_move_changes_nothing()
    {
        Assert.Equal(new Dictionary<int, int> { [7] = -1 }, StaffPlace.ActiveChanges([(new StaffPlace(7, true), new StaffPlace(7, false))]));
        Assert.Equal(new Dictionary<int, int> { [7] = 1 }, StaffPlace.ActiveChanges([(new StaffPlace(7, false), new StaffPlace(7, true))]));
        Assert.Empty(StaffPlace.ActiveChanges([(new StaffPlace(7, false), new StaffPlace(9, false))]));
    }

    [Fact]
    public void Changes_that_cancel_out_in_a_branch_leave_it_out_and_the_branches_come_in_key_order()
    {
        var changes = StaffPlace.ActiveChanges(
        [
            (new StaffPlace(9, true), new StaffPlace(3, true)),
            (new StaffPlace(3, true), new StaffPlace(9, true)),
            (new StaffPlace(5, true), new StaffPlace(2, true)),
            (new StaffPlace(4, true), new StaffPlace(4, true)),
        ]);

        Assert.Equal([2, 5], changes.Keys);
        Assert.Equal([1, -1], changes.Values);
    }
}
