using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

/// <summary>
/// Reads the content's short lists of texts with stable ids: a course's observation checklist (<c>behaviours:</c>) and
/// the pulse statements (<c>statements:</c>), each with translations beside it that carry the texts only.
/// </summary>
internal static partial class TextListLoader
{
    public const int MaxTextLength = 300;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    public sealed record Item(string Id, string Text);

    /// <summary>The base file's items, or null when it has problems (each reported with its line).</summary>
    public static List<Item>? Load(string root, string path, string listKey, int min, int max, List<ContentProblem> problems)
    {
        var file = ContentLoader.Relative(root, path);
        var before = problems.Count;
        var items = Read(root, path, listKey, problems, translation: false, out _);
        if (items is null)
        {
            return null;
        }

        if (items.Count < min || items.Count > max)
        {
            problems.Add(new ContentProblem(file, 1, $"'{listKey}' has {items.Count} item(s); it must have between {min} and {max}"));
        }

        return problems.Count > before ? null : items.Select(i => i.Item).ToList();
    }

    /// <summary>
    /// The translation at <paramref name="path"/> of <paramref name="baseItems"/>: null when there is none or it has
    /// problems. It must translate every item of the base and no other.
    /// </summary>
    public static List<Item>? Translate(string root, string path, string basePath, string listKey, IReadOnlyList<Item> baseItems,
        List<ContentProblem> problems, List<ContentProblem> warnings)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = ContentLoader.Relative(root, path);
        var before = problems.Count;
        var items = Read(root, path, listKey, problems, translation: true, out var top);
        if (items is null || top is null)
        {
            return null;
        }

        ContentTranslations.CheckSource(top, file, basePath, warnings);
        var byId = items.ToDictionary(i => i.Item.Id, StringComparer.Ordinal);
        foreach (var (item, line) in items.Where(i => baseItems.All(b => b.Id != i.Item.Id)))
        {
            problems.Add(new ContentProblem(file, line, $"'{item.Id}' is not in {Path.GetFileName(basePath)}; a translation has the base file's items and no others"));
        }

        foreach (var missing in baseItems.Where(b => !byId.ContainsKey(b.Id)))
        {
            problems.Add(new ContentProblem(file, 0, $"'{missing.Id}' of {Path.GetFileName(basePath)} has no translation here"));
        }

        return problems.Count > before ? null : baseItems.Select(b => byId[b.Id].Item).ToList();
    }

    private static List<(Item Item, int Line)>? Read(string root, string path, string listKey, List<ContentProblem> problems, bool translation, out YamlFields? top)
    {
        top = null;
        var file = ContentLoader.Relative(root, path);
        var mapping = ContentLoader.ParseMapping(File.ReadAllText(path), file, 0, problems);
        if (mapping is null)
        {
            return null;
        }

        top = new YamlFields(mapping, file, 0, problems);
        if (translation)
        {
            top.Node("translated_from");
        }

        var list = top.Sequence(listKey, required: true);
        top.ReportUnknownKeys(translation ? "a translation carries text only: ids come from the base file" : null);
        if (list is null)
        {
            return null;
        }

        var items = new List<(Item, int)>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            if (node is not YamlMappingNode itemNode)
            {
                problems.Add(new ContentProblem(file, (int)node.Start.Line, $"each entry of '{listKey}' must be a mapping with id and text"));
                continue;
            }

            var fields = new YamlFields(itemNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var text = fields.RequiredString("text");
            fields.ReportUnknownKeys();
            if (id is null || text is null)
            {
                continue;
            }

            if (!IdPattern().IsMatch(id))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"id '{id}' is not valid: use lower-case letters, digits and hyphens"));
            }
            else if (id.Length > ContentIds.MaxLength)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"id '{id}' is {id.Length} characters long; an id may be at most {ContentIds.MaxLength}"));
            }
            else if (!lines.TryAdd(id, fields.Line))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"duplicate id '{id}' (first used at line {lines[id]})"));
            }
            else if (text.Trim().Length > MaxTextLength)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"'{id}': the text has {text.Trim().Length} characters; keep it to {MaxTextLength}"));
            }
            else
            {
                items.Add((new Item(id, text.Trim()), fields.Line));
            }
        }

        return items;
    }
}
