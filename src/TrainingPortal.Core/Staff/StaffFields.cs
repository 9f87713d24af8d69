namespace TrainingPortal.Core.Staff;

/// <summary>The bounds of a person's record, the same for the account forms, the staff file and the database.</summary>
public static class StaffFields
{
    public const int MaxNameLength = 200;
    public const int MaxJobTitleLength = 100;

    /// <summary>
    /// The hire dates accepted. Due dates are counted from them, so a slip of the year (9999 for 2025) would otherwise
    /// reach the calendar's end in that arithmetic and fail every write that touches the person.
    /// </summary>
    public static readonly DateOnly EarliestHireDate = new(1900, 1, 1);
    public static readonly DateOnly LatestHireDate = new(2099, 12, 31);

    public static bool IsHireDateInRange(DateOnly hireDate) => hireDate >= EarliestHireDate && hireDate <= LatestHireDate;
}
