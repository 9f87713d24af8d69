using System.Globalization;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Staff;

/// <summary>A problem with a staff file in the reader's language: Field is the canonical column ("branch_code"),
/// "file" for the whole file, or a header as the file spells it.</summary>
public sealed record StaffImportProblem(int Row, string Field, string Code, string Message);

/// <summary>
/// The staff import's words: the headers accepted in every portal language, the columns' names and the problems, from
/// the resx strings. Core knows only canonical column names and problem codes.
/// </summary>
public static class StaffImportText
{
    /// <summary>The string naming each column; Common.* where the page already has the word.</summary>
    private static readonly IReadOnlyDictionary<string, string> ColumnKeys = new Dictionary<string, string>
    {
        ["employee_number"] = "Common.EmployeeNumber",
        ["name"] = "Common.Name",
        ["email"] = "Common.Email",
        ["branch_code"] = "Import.Column.BranchCode",
        ["job_title"] = "Common.JobTitle",
        ["hire_date"] = "Import.Column.HireDate",
        ["role"] = "Import.Column.Role",
        ["active"] = "Import.Column.Active",
        ["language"] = "Common.Language",
    };

    private static IReadOnlyDictionary<string, string>? _aliases;

    /// <summary>Every header the import accepts besides the canonical names: each column's name in each portal language
    /// (工号, 員工編號, Employee number ...), mapped to its canonical column. Built whole, then published at once.</summary>
    public static IReadOnlyDictionary<string, string> HeaderAliases(IStringLocalizer text)
    {
        if (Volatile.Read(ref _aliases) is { } built)
        {
            return built;
        }

        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in PortalLanguages.All)
        {
            using (CultureSwitch.Use(language))
            {
                foreach (var (column, key) in ColumnKeys)
                {
                    var found = text[key];
                    if (!found.ResourceNotFound && found.Value.Trim().Length > 0)
                    {
                        aliases.TryAdd(found.Value.Trim(), column);
                    }
                }
            }
        }

        Volatile.Write(ref _aliases, aliases);
        return aliases;
    }

    public static StaffImportOptions Options(IStringLocalizer text, StaffFileEncoding whenNotUtf8) =>
        new() { WhenNotUtf8 = whenNotUtf8, HeaderAliases = HeaderAliases(text) };

    /// <summary>A column as the reader knows it: the header itself in English, its Chinese header in Chinese.</summary>
    public static string Column(IStringLocalizer text, string field)
    {
        if (field == "file")
        {
            return text["Import.Field.File"];
        }

        if (!ColumnKeys.TryGetValue(field, out var key))
        {
            return field; // a header as the file spells it
        }

        return PortalLanguages.IsChinese(DateDisplay.CurrentLanguage) ? text[key] : field;
    }

    /// <summary>
    /// A value of the staff file as the reader knows it: yes/no, roles and language codes in their words, a hire date in
    /// the reader's format; "" as none. Anything else (names, codes) as the file has it.
    /// </summary>
    public static string Value(IStringLocalizer text, DateDisplay dates, string field, string value) => (field, value) switch
    {
        (_, "") => text["Common.None"].Value,
        ("active", "yes") => text["Common.Yes"].Value,
        ("active", "no") => text["Common.No"].Value,
        ("language", _) => PortalLanguages.NativeName(value),
        ("role", _) => text.RoleName(value),
        ("hire_date", _) when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => dates.Date(date),
        _ => value,
    };

    /// <summary>The Chinese <see cref="ChineseHeader"/> is written in: Traditional for its readers, Simplified for everyone else.</summary>
    public static string ChineseHeaderLanguage => DateDisplay.CurrentLanguage == PortalLanguages.Traditional ? PortalLanguages.Traditional : PortalLanguages.Simplified;

    /// <summary>A column's header in the reader's Chinese (Simplified for English readers), to show what else is accepted.</summary>
    public static string ChineseHeader(IStringLocalizer text, string column)
    {
        using (CultureSwitch.Use(ChineseHeaderLanguage))
        {
            return text[ColumnKeys[column]];
        }
    }

    public static StaffImportProblem Localise(IStringLocalizer text, ImportProblem problem)
    {
        object[] args = problem.Code switch
        {
            ImportProblemCodes.MissingColumn => [Column(text, problem.Field)],
            ImportProblemCodes.UnknownColumn => [.. problem.Args, string.Join(text["List.Separator"].Value, StaffImportFile.AllColumns.Select(c => Column(text, c)))],
            _ => problem.Args.Cast<object>().ToArray(),
        };
        return new StaffImportProblem(problem.Row, problem.Field, problem.Code, text[$"Import.Problem.{problem.Code}", args]);
    }

    public static IReadOnlyList<StaffImportProblem> Localise(IStringLocalizer text, IEnumerable<ImportProblem> problems) =>
        problems.Select(p => Localise(text, p)).ToList();
}
