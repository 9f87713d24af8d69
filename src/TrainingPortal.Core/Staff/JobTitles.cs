namespace TrainingPortal.Core.Staff;

/// <summary>A job title in a staff file that nobody holds and no assignment names: the rows that use it and, when one
/// is close enough to be a likely typing slip, the known title it was probably meant to be.</summary>
public sealed record UnknownJobTitle(string Title, IReadOnlyList<int> Rows, string? Suggestion);

/// <summary>
/// Job titles are free text, and assignments by job title match them exactly (ignoring case): a misspelt title in the
/// staff file silently drops people out of their required training. So titles nobody uses yet are flagged before an
/// import, with the nearest known title to compare.
/// </summary>
public static class JobTitles
{
    /// <summary>The titles the rows use that are not among the known ones (case and surrounding spaces ignored), in the
    /// order they first appear, each spelt as on its first row.</summary>
    public static IReadOnlyList<UnknownJobTitle> Unknown(IEnumerable<(int Row, string Title)> used, IEnumerable<string> known)
    {
        var knownTitles = known.Select(t => t.Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        var knownSet = knownTitles.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return used.Select(u => (u.Row, Title: u.Title.Trim()))
            .Where(u => u.Title.Length > 0 && !knownSet.Contains(u.Title))
            .GroupBy(u => u.Title, StringComparer.OrdinalIgnoreCase)
            .Select(g => new UnknownJobTitle(g.First().Title, g.Select(u => u.Row).ToList(), Nearest(g.First().Title, knownTitles)))
            .ToList();
    }

    /// <summary>The known title fewest edits away, when within max(2, a quarter of the title's length); the first in
    /// ordinal order on a tie, so the suggestion is the same every time.</summary>
    public static string? Nearest(string title, IEnumerable<string> known)
    {
        var trimmed = title.Trim();
        var allowed = Math.Max(2, trimmed.Length / 4);
        string? nearest = null;
        var best = int.MaxValue;
        foreach (var candidate in known.Select(k => k.Trim()).Where(k => k.Length > 0).Order(StringComparer.Ordinal))
        {
            if (Math.Abs(candidate.Length - trimmed.Length) > allowed)
            {
                continue; // the distance is at least the difference in length
            }

            var distance = Distance(trimmed, candidate);
            if (distance <= allowed && distance < best)
            {
                (nearest, best) = (candidate, distance);
            }
        }

        return nearest;
    }

    /// <summary>The Levenshtein distance ignoring case: how many characters to insert, delete or replace.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var ca = char.ToUpperInvariant(a[i - 1]);
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = ca == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
