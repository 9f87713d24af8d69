using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.Staff;

/// <summary>Where a person counts among the active staff: their branch (none for head office) and whether their account is active.</summary>
public readonly record struct StaffPlace(int? BranchId, bool IsActive)
{
    /// <summary>How many active people each branch key (<see cref="TallyKey.HeadOffice"/> for head office) gains, or loses, as
    /// people go from their place before to their place after (null: no account then); branches left even are not listed.</summary>
    public static SortedDictionary<int, int> ActiveChanges(IEnumerable<(StaffPlace? Before, StaffPlace? After)> people)
    {
        var changes = new SortedDictionary<int, int>();
        void Add(StaffPlace? place, int amount)
        {
            if (place is { IsActive: true } active)
            {
                var key = active.BranchId ?? TallyKey.HeadOffice;
                changes[key] = changes.GetValueOrDefault(key) + amount;
            }
        }

        foreach (var (before, after) in people)
        {
            Add(before, -1);
            Add(after, +1);
        }

        foreach (var even in changes.Where(c => c.Value == 0).Select(c => c.Key).ToList())
        {
            changes.Remove(even);
        }

        return changes;
    }
}
