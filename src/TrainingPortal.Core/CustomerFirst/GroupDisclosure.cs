using TrainingPortal.Core.Organisation;

namespace TrainingPortal.Core.CustomerFirst;

/// <summary>
/// Which groups may show a figure made of people's answers or ratings (a closed period's pulse results, the behaviours
/// observed): the bank, each region (everything in it and below it) and each branch. Decided down the region tree with
/// <see cref="Pulse.DisclosableParts"/> at every level, so every figure shown is a shown group's part and nothing two
/// shown figures leave between them is a group too small to show.
/// </summary>
public sealed record GroupDisclosure(bool Bank, IReadOnlySet<int> Regions, IReadOnlySet<int> Branches)
{
    /// <summary>Whether the bank's own figure may be shown: the same as <see cref="Decide"/>'s, without deciding every group below it.</summary>
    public static bool ShowsBank(int people, int minimumGroupSize) => people >= Pulse.SmallestShownGroup(minimumGroupSize);

    public bool Shows(int? regionId, int? branchId) =>
        branchId is { } branch ? Branches.Contains(branch) : regionId is { } region ? Regions.Contains(region) : Bank;

    /// <param name="branches">Every branch with the region it belongs to directly, which may be at any level of the tree.</param>
    /// <param name="people">How many people a branch's figure is made of (pulse responses, people observed), and under keys of
    /// no branch (head office) those that count in the bank only.</param>
    /// <remarks>
    /// A region's parts are its child regions, each with everything below it, and the branches it holds itself. A part
    /// held back keeps everything inside it held back, or its own parts would give it away.
    /// </remarks>
    public static GroupDisclosure Decide(RegionTree tree, IEnumerable<(int BranchId, int RegionId)> branches, IReadOnlyDictionary<int, int> people, int minimumGroupSize)
    {
        var ownBranches = branches.ToLookup(b => b.RegionId, b => b.BranchId);
        var inRegion = new Dictionary<int, int>();
        int People(int branchId) => people.GetValueOrDefault(branchId);
        int InRegion(int regionId)
        {
            if (!inRegion.TryGetValue(regionId, out var count))
            {
                inRegion[regionId] = count = ownBranches[regionId].Sum(People) + tree.ChildrenInOrderMade(regionId).Sum(child => InRegion(child.Id));
            }

            return count;
        }

        var shownRegions = new HashSet<int>();
        var shownBranches = new HashSet<int>();
        void Open(int groupPeople, int? regionId)
        {
            // In the order made, not by name: parts of equal size are held back by position, and names take different
            // positions in different languages, so two readers would see different parts shown and, side by side, the one
            // in between.
            var childRegions = tree.ChildrenInOrderMade(regionId);
            var branchIds = regionId is { } region ? ownBranches[region].Order().ToList() : [];
            var parts = childRegions.Select(r => InRegion(r.Id)).Concat(branchIds.Select(People)).ToList();
            foreach (var i in Pulse.DisclosableParts(groupPeople, parts, minimumGroupSize))
            {
                if (i < childRegions.Count)
                {
                    shownRegions.Add(childRegions[i].Id);
                    Open(parts[i], childRegions[i].Id);
                }
                else
                {
                    shownBranches.Add(branchIds[i - childRegions.Count]);
                }
            }
        }

        var total = people.Values.Sum();
        Open(total, null);
        return new GroupDisclosure(ShowsBank(total, minimumGroupSize), shownRegions, shownBranches);
    }
}
