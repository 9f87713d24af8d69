using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

/// <summary>
/// Reads typed values out of one YAML mapping and records every problem with its file and line,
/// so an author sees all mistakes in one run instead of fixing them one at a time.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _mapping;
    private readonly string _file;
    private readonly int _lineOffset;
    private readonly List<ContentProblem> _problems;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlFields(YamlMappingNode mapping, string file, int lineOffset, List<ContentProblem> problems)
    {
        _mapping = mapping;
        _file = file;
        _lineOffset = lineOffset;
        _problems = problems;
    }

    public int Line => LineOf(_mapping);

    public int LineOf(YamlNode node) => (int)node.Start.Line + _lineOffset;

    public YamlNode? Node(string key)
    {
        _known.Add(key);
        return _mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }

    public string? RequiredString(string key) => Scalar(key, required: true);

    public string? OptionalString(string key) => Scalar(key, required: false);

    public string? RequiredString(string key, int maxLength)
    {
        var value = RequiredString(key);
        if (value is { Length: var length } && length > maxLength)
        {
            Add(Node(key)!, $"'{key}' is {length} characters long; it may be at most {maxLength}");
            return null;
        }

        return value;
    }

    public int? RequiredInt(string key, int min, int max)
    {
        var node = Node(key);
        if (node is null)
        {
            Missing(key);
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text } ||
            !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Add(node, $"'{key}' must be a whole number");
            return null;
        }

        if (value < min || value > max)
        {
            Add(node, $"'{key}' is {value}; it must be between {min} and {max}");
            return null;
        }

        return value;
    }

    public bool? OptionalBool(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Add(node, $"'{key}' must be true or false");
        return null;
    }

    public YamlSequenceNode? Sequence(string key, bool required)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Add(node, $"'{key}' must be a list");
        return null;
    }

    /// <summary>Reports keys that no reader asked for: usually a typo of a real key.</summary>
    /// <param name="why">Why only the known keys are allowed here, when there is more to say than a typo.</param>
    public void ReportUnknownKeys(string? why = null)
    {
        foreach (var (keyNode, _) in _mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(key))
            {
                Add(keyNode, $"unknown key '{key}'; allowed keys are: {string.Join(", ", _known)}{(why is null ? "" : $" ({why})")}");
            }
        }
    }

    public void Add(YamlNode node, string message) => _problems.Add(new ContentProblem(_file, LineOf(node), message));

    private string? Scalar(string key, bool required)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Add(node, $"'{key}' must be text");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            if (required)
            {
                Add(node, $"'{key}' must not be empty");
            }

            return null;
        }

        return scalar.Value;
    }

    private void Missing(string key) => _problems.Add(new ContentProblem(_file, Line, $"missing required key '{key}'"));
}
