namespace TrainingPortal.Core.Organisation;

public sealed record RegionNode(int Id, int? ParentId, string Code, string Name);

/// <summary>
/// The bank's regions as a tree. Regions may nest (a region, its areas, …) to any depth and branches belong to a region
/// at any level, so "in region X" always means "in X or anywhere below it", and every total rolls up the same way
/// whatever the number of levels.
/// </summary>
public sealed class RegionTree
{
    private readonly Dictionary<int, RegionNode> _regions;
    private readonly ILookup<int, RegionNode> _children;
    private readonly IReadOnlyList<RegionNode> _topLevel;
    private readonly Dictionary<int, IReadOnlyCollection<int>> _selfAndAncestors = [];

    public RegionTree(IEnumerable<RegionNode> regions)
    {
        _regions = regions.ToDictionary(r => r.Id);
        foreach (var region in _regions.Values)
        {
            // A missing parent or a loop would drop a region out of every total: refused rather than shown wrong.
            var steps = 0;
            for (var at = region; at.ParentId is { } parentId; at = _regions[parentId])
            {
                if (!_regions.ContainsKey(parentId))
                {
                    throw new InvalidOperationException($"Region {region.Code} names a parent region ({parentId}) that does not exist.");
                }

                if (++steps > _regions.Count)
                {
                    throw new InvalidOperationException($"Region {region.Code} is its own ancestor.");
                }
            }
        }

        _children = _regions.Values.Where(r => r.ParentId is not null).ToLookup(r => r.ParentId!.Value);
        _topLevel = _regions.Values.Where(r => r.ParentId is null).ToList();
    }

    public RegionNode? Find(int id) => _regions.GetValueOrDefault(id);

    /// <summary>The regions directly under <paramref name="id"/>, or the top-level regions when it is null; by name, in the current culture.</summary>
    public IReadOnlyList<RegionNode> ChildrenOf(int? id) => ByName(id is { } parent ? _children[parent] : _topLevel);

    /// <summary>
    /// The same regions in the order they were made (by id), the same in every language: for rules that must not
    /// depend on how a reader's language orders names.
    /// </summary>
    public IReadOnlyList<RegionNode> ChildrenInOrderMade(int? id) => (id is { } parent ? _children[parent] : _topLevel).OrderBy(r => r.Id).ToList();

    /// <summary><paramref name="id"/> and every region below it.</summary>
    public IReadOnlySet<int> WithDescendants(int id)
    {
        var found = new HashSet<int> { id };
        var queue = new Queue<int>([id]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var child in _children[next])
            {
                if (found.Add(child.Id))
                {
                    queue.Enqueue(child.Id);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="id"/> and the regions above it: every region a branch of <paramref name="id"/> counts in. Kept per
    /// region, as it is asked once for every person whose required courses are worked out.
    /// </summary>
    public IReadOnlyCollection<int> SelfAndAncestors(int? id)
    {
        if (id is not { } region)
        {
            return [];
        }

        if (!_selfAndAncestors.TryGetValue(region, out var path))
        {
            _selfAndAncestors[region] = path = PathTo(region).Select(r => r.Id).ToArray();
        }

        return path;
    }

    /// <summary>From the top-level region down to <paramref name="id"/> itself.</summary>
    public IReadOnlyList<RegionNode> PathTo(int id)
    {
        var path = new List<RegionNode>();
        for (var at = _regions.GetValueOrDefault(id); at is not null; at = at.ParentId is { } parent ? _regions[parent] : null)
        {
            path.Add(at);
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// Which region directly under <paramref name="scope"/> (a top-level region when it is null) holds
    /// <paramref name="regionId"/>: the line of the scope's rollup that a branch of that region counts in.
    /// Null when the region is the scope itself or lies outside it.
    /// </summary>
    public RegionNode? ChildOfScopeHolding(int? scope, int regionId)
    {
        for (var at = _regions.GetValueOrDefault(regionId); at is not null; at = at.ParentId is { } parent ? _regions[parent] : null)
        {
            if (at.ParentId == scope)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>
    /// A scope's rollup: each region directly under <paramref name="scope"/> (the top-level regions when it is null), by
    /// name, with the items of that region or any below it. Items of the scope itself or outside it are in no line.
    /// </summary>
    public IReadOnlyList<(RegionNode Region, IReadOnlyList<T> Items)> RollUp<T>(int? scope, IEnumerable<T> items, Func<T, int> regionOf)
    {
        var byLine = items.ToLookup(item => ChildOfScopeHolding(scope, regionOf(item))?.Id);
        return ChildrenOf(scope).Select(child => (child, (IReadOnlyList<T>)byLine[child.Id].ToList())).ToList();
    }

    /// <summary>
    /// Lines by their names in the current culture, then by id, as the tree orders its regions: a board laid out once is
    /// read in several languages, which put names in different orders (澳门 before 上海 by pinyin, after it by stroke count).
    /// </summary>
    public static IReadOnlyList<T> InNameOrder<T>(IEnumerable<T> lines, Func<T, string> nameOf, Func<T, int?> idOf) =>
        lines.OrderBy(nameOf, StringComparer.CurrentCulture).ThenBy(idOf).ToList();

    /// <summary>Every region, parents before their children and siblings by name, with its depth (0 at the top).</summary>
    public IEnumerable<(RegionNode Region, int Depth)> DepthFirst()
    {
        var stack = new Stack<(RegionNode, int)>(ChildrenOf(null).Reverse().Select(r => (r, 0)));
        while (stack.TryPop(out var next))
        {
            yield return next;
            foreach (var child in ChildrenOf(next.Item1.Id).Reverse())
            {
                stack.Push((child, next.Item2 + 1));
            }
        }
    }

    private static IReadOnlyList<RegionNode> ByName(IEnumerable<RegionNode> regions) => InNameOrder(regions, r => r.Name, r => r.Id);
}
