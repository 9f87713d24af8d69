using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Languages;
using TrainingPortal.Data;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Infrastructure;

/// <param name="AsRecorded">The sentence is the English summary written at the time, not one in the reader's language.</param>
/// <param name="Before">The entry's stored before-values as people read them (see <see cref="AuditJson"/>).</param>
public sealed record AuditLine(AuditEntry Entry, string Sentence, bool AsRecorded, string? Before = null, string? After = null);

/// <summary>
/// Each audit entry as one sentence in the reader's language, from the data it stored and today's names of the people,
/// courses, branches and regions it mentions. An entry that did not store what its sentence needs (one recorded before
/// the sentence existed) reads as its English summary, which is what was written at the time.
/// </summary>
public sealed class AuditSentences(PortalDbContext db, CourseCatalog courses, DateDisplay dates, IStringLocalizer<Shared> text, Microsoft.Extensions.Options.IOptions<Accounts.SignInSettings> signIn)
{
    public async Task<IReadOnlyList<AuditLine>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var recorded = entries.Select(e => new Recorded(e, StoredJson.Parse(e.BeforeJson), StoredJson.Parse(e.AfterJson))).ToList();
        var names = await NamesAsync(recorded, cancellationToken);
        return recorded.Select(r => (Sentence(r, names) is { } sentence ? new AuditLine(r.Entry, sentence, false) : new AuditLine(r.Entry, r.Entry.Summary, true))
                with { Before = r.Before.Readable(r.Entry.BeforeJson), After = r.After.Readable(r.Entry.AfterJson) })
            .ToList();
    }

    /// <summary>The sign-on provider a link was made with, as the reader knows it: the portal's own provider by its name in their language.</summary>
    private string? SignOnName(StoredJson after) =>
        after.Text("Provider") is null && after.Text("ProviderDisplayName") is null ? null
        : signIn.Value.OpenIdConnect.NameOf(after.Text("Provider"), after.Text("ProviderDisplayName"), text);

    private sealed record Recorded(AuditEntry Entry, StoredJson Before, StoredJson After)
    {
        public string? PersonId => Entry.TargetType == AuditTargets.Employee ? Entry.TargetId : After.Text("SubjectUserId");
    }

    private sealed record Names(
        IReadOnlyDictionary<string, string> People,
        IReadOnlyDictionary<int, string> Branches,
        IReadOnlyDictionary<string, string> BranchesByCode,
        IReadOnlyDictionary<int, string> Regions);

    private async Task<Names> NamesAsync(IReadOnlyList<Recorded> recorded, CancellationToken cancellationToken)
    {
        var personIds = recorded.Select(r => r.PersonId).OfType<string>().Distinct().ToList();
        var branchIds = recorded.Select(r => r.After.Number("TargetBranchId")).OfType<int>().Distinct().ToList();
        var regionIds = recorded.Select(r => r.After.Number("TargetRegionId")).OfType<int>().Distinct().ToList();
        var branchCodes = recorded.Where(r => r.Entry.Action == AuditActions.RoleOrBranchChanged)
            .SelectMany(r => new[] { r.Before.Text("BranchCode"), r.After.Text("BranchCode") }).OfType<string>().Distinct().ToList();

        var people = await db.Users.Where(u => personIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var branches = await db.Branches.Where(b => branchIds.Contains(b.Id) || branchCodes.Contains(b.Code))
            .Select(b => new { b.Id, b.Code, b.Name }).ToListAsync(cancellationToken);
        var regions = await db.Regions.Where(r => regionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        return new Names(people, branches.ToDictionary(b => b.Id, b => b.Name),
            branches.ToDictionary(b => b.Code, b => b.Name, StringComparer.OrdinalIgnoreCase), regions);
    }

    private string? Sentence(Recorded r, Names names)
    {
        var (entry, before, after) = (r.Entry, r.Before, r.After);
        var actor = text.AuditActorName(entry);
        var person = r.PersonId is { } id ? names.People.GetValueOrDefault(id) ?? after.Text("DisplayName") : null;
        var course = CourseTitle(after.Text("CourseSlug"));
        return entry.Action switch
        {
            AuditActions.AccountCreated when person is not null && after.Text("Role") is { } role =>
                Say("Audit.Sentence.account.created", actor, person, text.RoleName(role)),
            AuditActions.AccountChanged when person is not null && ChangedFields(before, after) is { } fields =>
                Say("Audit.Sentence.account.changed", actor, person, fields),
            AuditActions.AccountDisabled when person is not null => Say("Audit.Sentence.account.disabled", actor, person),
            AuditActions.AccountEnabled when person is not null => Say("Audit.Sentence.account.enabled", actor, person),
            AuditActions.TwoFactorEnabled when person is not null => Say("Audit.Sentence.account.two-factor-enabled", person),
            AuditActions.PasswordChanged when person is not null => Say("Audit.Sentence.account.password-changed", person),
            AuditActions.PasswordAdded when person is not null => Say("Audit.Sentence.account.password-added", person),
            AuditActions.AuthenticatorReset when person is not null => Say("Audit.Sentence.account.authenticator-reset", actor, person),
            AuditActions.InvitationsSent when person is not null => Say("Audit.Sentence.account.invited", actor, person),
            AuditActions.InvitationsSent when after.Number("invited") is { } invited => Say("Audit.Sentence.account.invited.many", actor, invited),
            AuditActions.ExternalLoginLinked when person is not null && SignOnName(after) is { } provider =>
                Say("Audit.Sentence.account.external-login-linked", actor, provider, person),
            AuditActions.ExternalLoginUnlinked when person is not null && SignOnName(after) is { } provider =>
                Say("Audit.Sentence.account.external-login-unlinked", actor, provider, person),
            AuditActions.CredentialsEnded when person is not null => Say("Audit.Sentence.account.credentials-ended", actor, person),
            AuditActions.ExternalLoginEnded when person is not null && SignOnName(after) is { } ended =>
                Say("Audit.Sentence.account.external-login-ended", actor, ended, person),
            AuditActions.LanguageChanged when person is not null && after.Text("Language") is { } language =>
                Say("Audit.Sentence.account.language-changed", actor, person, PortalLanguages.NativeName(language)),
            AuditActions.DigestChanged when person is not null && after.Flag("ReceivesDigest") is { } receives =>
                Say(receives ? "Audit.Sentence.account.digest-changed.on" : "Audit.Sentence.account.digest-changed.off", person),
            AuditActions.ExtraAttemptGranted when person is not null && course is not null && after.Text("Reason") is { } reason =>
                Say("Audit.Sentence.quiz.extra-attempt-granted", actor, person, course, reason),
            AuditActions.CertificateRevoked when course is not null && after.Text("HolderName") is { } holder && after.Text("reason") is { } reason =>
                Say("Audit.Sentence.certificate.revoked", actor, entry.TargetId, holder, course, reason),
            AuditActions.AssignmentCreated when course is not null && Audience(after, names) is { } audience && Due(after) is { } due =>
                Say("Audit.Sentence.assignment.created", actor, course, audience, due),
            AuditActions.AssignmentChanged when course is not null && Due(after) is { } due =>
                Say("Audit.Sentence.assignment.changed", actor, course, due),
            AuditActions.AssignmentEnded when course is not null && after.Number("PeopleKept") is { } kept =>
                Say("Audit.Sentence.assignment.ended", actor, course, kept),
            AuditActions.ImportApplied => ImportApplied(actor, entry.TargetId, after),
            AuditActions.RoleOrBranchChanged when person is not null => RoleOrBranchChanged(actor, person, before, after, names),
            AuditActions.EmployeeImported when person is not null && after.Text("Kind") is { } kind => EmployeeImported(actor, person, kind, after),
            AuditActions.MailRetried when after.Text("Subject") is { } subject && after.Text("ToAddress") is { } to && before.Number("Attempts") is { } attempts =>
                Say("Audit.Sentence.mail.retried", actor, subject, to, attempts),
            AuditActions.ObservationRecorded or AuditActions.ObservationChanged when person is not null && course is not null && after.Date("ObservedOn") is { } observedOn =>
                Say($"Audit.Sentence.{entry.Action}", actor, person, course, dates.Date(observedOn)),
            AuditActions.ObservationAcknowledged when course is not null && after.Date("ObservedOn") is { } observedOn =>
                Say("Audit.Sentence.observation.acknowledged", actor, dates.Date(observedOn), course),
            AuditActions.PulseOpened when after.Text("Title") is { } title && after.Date("OpensOn") is { } opens && after.Date("ClosesOn") is { } closes
                                           && after.Length("Statements") is { } statements =>
                Say("Audit.Sentence.pulse.opened", actor, title, dates.Date(opens), dates.Date(closes), statements),
            AuditActions.PulseWithdrawn when before.Text("Title") is { } title && before.Date("OpensOn") is { } opens && before.Date("ClosesOn") is { } closes =>
                Say("Audit.Sentence.pulse.withdrawn", actor, title, dates.Date(opens), dates.Date(closes)),
            _ => null,
        };
    }

    private string Say(string key, params object[] values) => text[key, values];

    private string? CourseTitle(string? slug) => slug is null ? null : courses.Find(slug)?.Title ?? slug;

    private string BranchName(string? code, Names names) =>
        code is null ? text["HeadOffice"].Value : names.BranchesByCode.GetValueOrDefault(code) ?? code;

    private string? ChangedFields(StoredJson before, StoredJson after)
    {
        string[] fields = ["DisplayName", "BranchId", "JobTitle", "Role"];
        if (!fields.All(f => before.Has(f) && after.Has(f)))
        {
            return null;
        }

        var changed = fields.Where(f => before.Raw(f) != after.Raw(f)).Select(f => text[$"Audit.Field.{f}"].Value).ToList();
        return changed.Count == 0 ? null : string.Join(text["Audit.ListSeparator"].Value, changed);
    }

    private string? Audience(StoredJson after, Names names)
    {
        if (!Enum.TryParse<AssignmentTarget>(after.Text("Target"), out var target))
        {
            return null;
        }

        return target switch
        {
            AssignmentTarget.AllStaff => text["Assignments.Audience.AllStaff"].Value,
            AssignmentTarget.Region => after.Number("TargetRegionId") is { } id && names.Regions.GetValueOrDefault(id) is { } region
                ? text["Audit.Audience.Region", region].Value : null,
            AssignmentTarget.Branch => after.Number("TargetBranchId") is { } id ? names.Branches.GetValueOrDefault(id) : null,
            AssignmentTarget.JobTitle => after.Text("TargetJobTitle") is { } title ? text["Audit.Audience.JobTitle", title].Value : null,
            _ => after.Number("Employees") is { } count ? text["Assignments.Audience.Employees", count].Value : null,
        };
    }

    private string? Due(StoredJson after)
    {
        if (!Enum.TryParse<DueRule>(after.Text("DueRule"), out var rule))
        {
            return null;
        }

        return rule switch
        {
            DueRule.FixedDate => after.Date("DueDate") is { } date ? text["Audit.Due.Date", dates.Date(date)].Value : null,
            DueRule.DaysAfterAssignment => after.Number("DueDays") is { } days ? text["Audit.Due.DaysAfterAssignment", days].Value : null,
            _ => after.Number("DueDays") is { } days ? text["Audit.Due.DaysAfterHire", days].Value : null,
        };
    }

    private string? ImportApplied(string actor, string fileName, StoredJson after) =>
        after.Number("rows") is { } rows && after.Number("Created") is { } created && after.Number("Updated") is { } updated
        && after.Number("Unchanged") is { } unchanged && after.Number("Deactivated") is { } deactivated
            ? Say("Audit.Sentence.staff.import-applied", actor, rows, fileName, created, updated, unchanged, deactivated)
            : null;

    /// <summary>"Grace Okafor's staff import changed Li Na: job title Teller → Senior Teller, …".</summary>
    private string? EmployeeImported(string actor, string person, string kind, StoredJson after)
    {
        string Value(StoredJson change, string side) => change.Text(side) is { Length: > 0 } value ? StaffImportText.Value(text, dates, change.Text("Field") ?? "", value) : "—";
        var fields = after.Objects("Changes").ToList();
        var changes = fields
            .Select(c => text["Audit.FieldChange", StaffImportText.Column(text, c.Text("Field") ?? ""), Value(c, "Before"), Value(c, "After")].Value)
            .ToList();
        return kind switch
        {
            // An account opened: each column as it was set, not as a change from nothing.
            "created" when fields.Count > 0 => Say("Audit.Sentence.employee.imported.created.with", actor, person,
                string.Join(text["Audit.ListSeparator"].Value, fields.Select(c => text["Audit.FieldSet", StaffImportText.Column(text, c.Text("Field") ?? ""), Value(c, "After")].Value))),
            "created" => Say("Audit.Sentence.employee.imported.created", actor, person),
            "deactivated" => Say("Audit.Sentence.employee.imported.deactivated", actor, person),
            "updated" when changes.Count > 0 => Say("Audit.Sentence.employee.imported.updated", actor, person, string.Join(text["Audit.ListSeparator"].Value, changes)),
            _ => null,
        };
    }

    private string? RoleOrBranchChanged(string actor, string person, StoredJson before, StoredJson after, Names names)
    {
        if (!(before.Has("BranchCode") && after.Has("BranchCode") && before.Has("Role") && after.Has("Role")))
        {
            return null;
        }

        var (branchWas, branchIs) = (before.Text("BranchCode"), after.Text("BranchCode"));
        var (roleWas, roleIs) = (before.Text("Role"), after.Text("Role"));
        var moved = !string.Equals(branchWas, branchIs, StringComparison.OrdinalIgnoreCase);
        var promoted = roleWas is not null && roleIs is not null && roleWas != roleIs;
        return (moved, promoted) switch
        {
            (true, true) => Say("Audit.Sentence.employee.role-or-branch-changed.both", actor, person,
                BranchName(branchWas, names), BranchName(branchIs, names), text.RoleName(roleWas!), text.RoleName(roleIs!)),
            (true, false) => Say("Audit.Sentence.employee.role-or-branch-changed.branch", actor, person, BranchName(branchWas, names), BranchName(branchIs, names)),
            (false, true) => Say("Audit.Sentence.employee.role-or-branch-changed.role", actor, person, text.RoleName(roleWas!), text.RoleName(roleIs!)),
            _ => null,
        };
    }

    /// <summary>The stored JSON, read without trusting its shape: a missing or mistyped property is null, never an error.</summary>
    private sealed class StoredJson(JsonElement root)
    {
        private static readonly StoredJson Empty = new(default);

        public static StoredJson Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return Empty;
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                return new StoredJson(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                return Empty;
            }
        }

        public bool Has(string name) => Property(name) is not null;

        /// <summary>The stored text as people read it, entries stored with escaped characters included; unreadable JSON as stored.</summary>
        public string? Readable(string? stored) =>
            stored is null || root.ValueKind == JsonValueKind.Undefined ? stored : JsonSerializer.Serialize(root, AuditJson.Readable);

        public string? Raw(string name) => Property(name)?.GetRawText();

        public string? Text(string name) => Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

        public int? Number(string name) => Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

        public bool? Flag(string name) => Property(name)?.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

        public DateOnly? Date(string name) =>
            DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

        public int? Length(string name) => Property(name) is { ValueKind: JsonValueKind.Array } value ? value.GetArrayLength() : null;

        public IEnumerable<StoredJson> Objects(string name) =>
            Property(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray().Select(e => new StoredJson(e)).ToList() : [];

        private JsonElement? Property(string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value : null;
    }
}
