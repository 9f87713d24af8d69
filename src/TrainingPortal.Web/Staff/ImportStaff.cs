using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Staff;

public sealed record ImportSummary(int Created, int Updated, int Unchanged, int Deactivated)
{
    public override string ToString() => $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Deactivated} deactivated";
}

/// <summary>Either the problems that stopped the import (nothing was changed) or what it changed.</summary>
/// <param name="ImportId">The applied import's own number, which the accounts it created carry (<see cref="PortalUser.CreatedByImportId"/>).</param>
/// <param name="EncodingName">What the file was read as (UTF-8, UTF-16LE, UTF-16BE, GB18030 or Big5).</param>
public sealed record StaffImportOutcome(IReadOnlyList<StaffImportProblem> Problems, ImportSummary? Summary, Guid? ImportId = null, string? EncodingName = null);

/// <summary>What a staff file would do, read and checked but not applied: how it was decoded and its first rows as read,
/// so HR can see that the names came out right before anything changes.</summary>
/// <param name="EncodingDetected">True when the file said its encoding (byte order mark, or valid UTF-8); false when the
/// uploader's choice was used.</param>
public sealed record StaffImportPreview(string EncodingName, bool EncodingDetected, int RowCount, IReadOnlyList<StaffRow> FirstRows, IReadOnlyList<StaffImportProblem> Problems)
{
    /// <summary>Titles nobody holds and no assignment names: applied only once HR confirms they are intended.</summary>
    public IReadOnlyList<UnknownJobTitle> UnknownJobTitles { get; init; } = [];

    /// <summary>Who the file would create, update, leave and deactivate today; null when the file has problems.</summary>
    public StaffImportPlan? Plan { get; init; }

    public bool CanApply => Problems.Count == 0 && RowCount > 0;
}

/// <summary>
/// Checks a staff file against the database and applies it in one transaction: employees are matched by employee
/// number, created or updated in bulk, and only touched when something differs, so importing the same file twice
/// changes nothing. Any problem refuses the whole file, and so do job titles nobody holds unless HR confirms them.
/// <see cref="PreviewAsync"/> runs the same checks and makes the same <see cref="StaffImportPlan"/>, and writes nothing.
/// </summary>
public sealed class ImportStaff(PortalDbContext db, RequiredCourseSync requiredCourses, BehaviourTallies behaviourTallies, ActiveStaffTallies activeStaff, AuditLog audit, MailOutbox outbox, TimeProvider time, IStringLocalizer<Shared> text, ILogger<ImportStaff> logger)
{
    private const int SaveEvery = 2_000;

    /// <summary>How many rows the preview shows, of the file and of each kind of change.</summary>
    public const int PreviewRows = 5;

    /// <summary>An import being applied: its number, which the accounts it creates carry, and its moment.</summary>
    private sealed record AppliedImport(Guid Id, DateTime AtUtc);

    private sealed record CheckedFile(StaffImportResult File, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<UnknownJobTitle> UnknownJobTitles);

    /// <summary>Everyone the portal holds, keyed by employee number, with what the plan needs to know of them.</summary>
    private sealed record People(Dictionary<string, PortalUser> ByNumber, Dictionary<string, string> RoleByUser, Dictionary<string, int> BranchIds, Dictionary<int, string> BranchCodes)
    {
        public IEnumerable<StaffRecord> Records() => ByNumber.Values.Select(user => new StaffRecord(user.EmployeeNumber, user.DisplayName, user.Email ?? "",
            user.BranchId is { } branchId ? BranchCodes[branchId] : null, user.JobTitle, user.HireDate, user.IsActive, user.PreferredCulture,
            RoleByUser.GetValueOrDefault(user.Id)));
    }

    /// <summary>Reads and checks the file exactly as <see cref="ExecuteAsync(byte[], string, bool, StaffFileEncoding, bool, string?, Actor, CancellationToken)"/>
    /// would and plans its changes the same way, changing nothing.</summary>
    public async Task<StaffImportPreview> PreviewAsync(byte[] file, StaffFileEncoding whenNotUtf8, bool deactivateMissing, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return new StaffImportPreview("", false, 0, [], NotPermitted);
        }

        var check = await CheckAsync(file, whenNotUtf8, actor, cancellationToken);
        StaffImportPlan? plan = null;
        if (check.Problems.Count == 0)
        {
            var people = await PeopleAsync(forUpdate: false, cancellationToken);
            plan = StaffImportPlan.Make(check.File.Rows, people.Records(), deactivateMissing);
        }

        return new StaffImportPreview(check.File.EncodingName, check.File.EncodingDetected, check.File.Rows.Count,
            check.File.Rows.Take(PreviewRows).ToList(), StaffImportText.Localise(text, check.Problems))
        {
            UnknownJobTitles = check.UnknownJobTitles,
            Plan = plan,
        };
    }

    /// <summary>A UTF-8 (or UTF-16 with a byte order mark) file, from a caller with nobody to ask (the console, a
    /// script): new job titles are taken as intended.</summary>
    public async Task<StaffImportOutcome> ExecuteAsync(Stream csv, string fileName, bool deactivateMissing, Actor actor, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await csv.CopyToAsync(copy, cancellationToken);
        return await ExecuteAsync(copy.ToArray(), fileName, deactivateMissing, StaffFileEncoding.Utf8, newJobTitlesConfirmed: true, previewedPlan: null, actor, cancellationToken);
    }

    /// <param name="newJobTitlesConfirmed">HR has seen the job titles nobody holds yet and confirmed they are intended;
    /// without it, a file with such titles is refused.</param>
    /// <param name="previewedPlan">The fingerprint of the plan HR was shown (<see cref="StaffImportPlan.Fingerprint"/>): the
    /// file is refused if it would now do anything else. Null from callers that showed no preview (the console).</param>
    public async Task<StaffImportOutcome> ExecuteAsync(byte[] file, string fileName, bool deactivateMissing, StaffFileEncoding whenNotUtf8, bool newJobTitlesConfirmed,
        string? previewedPlan, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return new StaffImportOutcome(NotPermitted, null);
        }

        // Should another change to the same people commit first (a colleague's account created meanwhile), nothing of
        // this one is kept; checked and applied again, it meets their rows as they now are.
        return await WriteConflicts.RetriedOnceAsync(db, logger, "Staff import of " + fileName,
            () => CheckAndApplyAsync(file, fileName, deactivateMissing, whenNotUtf8, newJobTitlesConfirmed, previewedPlan, actor, cancellationToken),
            () => new StaffImportOutcome(StaffImportText.Localise(text, [new ImportProblem(0, "file", ImportProblemCodes.ChangedMeanwhile, [])]), null),
            cancellationToken);
    }

    private async Task<StaffImportOutcome> CheckAndApplyAsync(byte[] file, string fileName, bool deactivateMissing, StaffFileEncoding whenNotUtf8, bool newJobTitlesConfirmed,
        string? previewedPlan, Actor actor, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(file, whenNotUtf8, actor, cancellationToken);
        IReadOnlyList<ImportProblem> problems = check.Problems.Count == 0 && !newJobTitlesConfirmed
            ? check.UnknownJobTitles.Select(t => new ImportProblem(t.Rows[0], "job_title", ImportProblemCodes.NewJobTitleNotConfirmed, [t.Title])).ToList()
            : check.Problems;
        if (problems.Count > 0)
        {
            logger.LogInformation("Staff import of {File} refused: {Count} problem(s)", fileName, problems.Count);
            return new StaffImportOutcome(StaffImportText.Localise(text, problems), null, EncodingName: check.File.EncodingName);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One import at a time, each reading the people as the one before left them: two applying the same file would
        // otherwise both plan its new joiners, and the second, meeting the first's rows part-way, start again.
        await TransactionLocks.TakeAsync(db, ImportLock, shared: false, cancellationToken);
        var import = new AppliedImport(Guid.NewGuid(), time.GetUtcNow().UtcDateTime);
        var rows = check.File.Rows;
        if (await ApplyAsync(rows, deactivateMissing, previewedPlan, actor, import, cancellationToken) is not { } summary)
        {
            logger.LogInformation("Staff import of {File} refused: the people it matches changed after the preview", fileName);
            return new StaffImportOutcome(StaffImportText.Localise(text, [new ImportProblem(0, "file", ImportProblemCodes.PlanChanged, [])]), null, EncodingName: check.File.EncodingName);
        }

        audit.Record(actor, AuditActions.ImportApplied, AuditTargets.StaffImport, fileName,
            $"Imported {rows.Count} row(s) from {fileName}: {summary}",
            after: new
            {
                importId = import.Id, rows = rows.Count, summary.Created, summary.Updated, summary.Unchanged, summary.Deactivated, deactivateMissing, encoding = check.File.EncodingName,
                newJobTitles = check.UnknownJobTitles.Select(t => t.Title).ToList(),
            });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StaffImportOutcome([], summary, import.Id, check.File.EncodingName);
    }

    private async Task<CheckedFile> CheckAsync(byte[] file, StaffFileEncoding whenNotUtf8, Actor actor, CancellationToken cancellationToken)
    {
        var branchCodes = (await db.Branches.Select(b => b.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owners = await db.Users.Where(u => u.NormalizedEmail != null)
            .Select(u => new { u.Email, u.EmployeeNumber })
            .ToListAsync(cancellationToken);
        var ownerByEmail = owners.GroupBy(o => o.Email!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().EmployeeNumber, StringComparer.OrdinalIgnoreCase);
        var checkedFile = StaffImportFile.Read(file, StaffImportText.Options(text, whenNotUtf8), branchCodes, ownerByEmail);
        var problems = checkedFile.IsValid
            ? [.. await PrivilegedRowsAsync(checkedFile.Rows, actor, cancellationToken), .. await OwnAccountDisabledAsync(checkedFile.Rows, actor, cancellationToken)]
            : checkedFile.Problems;
        IReadOnlyList<UnknownJobTitle> unknownJobTitles = problems.Count == 0 ? await UnknownJobTitlesAsync(checkedFile.Rows, cancellationToken) : [];
        return new CheckedFile(checkedFile, problems, unknownJobTitles);
    }

    /// <summary>Titles in the file that no active employee holds and no assignment names.</summary>
    private async Task<IReadOnlyList<UnknownJobTitle>> UnknownJobTitlesAsync(IReadOnlyList<StaffRow> rows, CancellationToken cancellationToken)
    {
        var held = await db.Users.Where(u => u.IsActive && u.JobTitle != "").Select(u => u.JobTitle).Distinct().ToListAsync(cancellationToken);
        var assigned = await db.Assignments.Where(a => a.TargetJobTitle != null).Select(a => a.TargetJobTitle!).Distinct().ToListAsync(cancellationToken);
        return JobTitles.Unknown(rows.Select(r => (r.Row, r.JobTitle)), held.Concat(assigned));
    }

    /// <summary>Rows that would change an account with wider powers than branch staff, when the importer may not.</summary>
    private async Task<IReadOnlyList<ImportProblem>> PrivilegedRowsAsync(IReadOnlyList<StaffRow> rows, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsAdmin)
        {
            return [];
        }

        // Privileged accounts are few: they are read whole and compared here, normalised, because a database
        // comparison is case-sensitive or not depending on the provider and collation.
        var privileged = (await db.PrivilegedUsers
                .Select(u => u.EmployeeNumber)
                .ToListAsync(cancellationToken))
            .Select(EmployeeNumbers.Normalise)
            .ToHashSet(StringComparer.Ordinal);
        return rows.Where(r => privileged.Contains(EmployeeNumbers.Normalise(r.EmployeeNumber)))
            .Select(r => new ImportProblem(r.Row, "employee_number", ImportProblemCodes.Privileged, [r.EmployeeNumber]))
            .ToList();
    }

    /// <summary>
    /// A row that would disable the importer's own account: refused here as on the account's page, so an
    /// administrator cannot lock themselves (and perhaps the last administrator) out by a file.
    /// </summary>
    private async Task<IReadOnlyList<ImportProblem>> OwnAccountDisabledAsync(IReadOnlyList<StaffRow> rows, Actor actor, CancellationToken cancellationToken)
    {
        var own = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.EmployeeNumber).SingleOrDefaultAsync(cancellationToken);
        return own is null
            ? []
            : rows.Where(r => r.Active == false && EmployeeNumbers.Normalise(r.EmployeeNumber) == EmployeeNumbers.Normalise(own))
                .Select(r => new ImportProblem(r.Row, "active", ImportProblemCodes.OwnAccountDisabled, [r.EmployeeNumber]))
                .ToList();
    }

    /// <param name="forUpdate">Tracked, to be changed by the import; untracked for the preview.</param>
    private async Task<People> PeopleAsync(bool forUpdate, CancellationToken cancellationToken)
    {
        var branchIds = await db.Branches.ToDictionaryAsync(b => b.Code, b => b.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var roleByUser = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name!, cancellationToken);
        IQueryable<PortalUser> users = forUpdate ? db.Users : db.Users.AsNoTracking();
        var byNumber = await users.ToDictionaryAsync(u => u.EmployeeNumber, StringComparer.OrdinalIgnoreCase, cancellationToken);
        return new People(byNumber, roleByUser, branchIds, branchIds.ToDictionary(b => b.Value, b => b.Key));
    }

    /// <returns>What it did; null, having done nothing, when the plan is not the one previewed.</returns>
    private async Task<ImportSummary?> ApplyAsync(IReadOnlyList<StaffRow> rows, bool deactivateMissing, string? previewedPlan, Actor actor, AppliedImport import, CancellationToken cancellationToken)
    {
        var people = await PeopleAsync(forUpdate: true, cancellationToken);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var plan = StaffImportPlan.Make(rows, people.Records(), deactivateMissing);
        if (previewedPlan is not null && plan.Fingerprint() != previewedPlan)
        {
            return null;
        }

        // Whose observed behaviours count elsewhere afterwards: new people have none yet.
        var movedOrLeaving = plan.Updates.Where(u => u.Touches("branch_code") || u.Touches("active")).Select(u => people.ByNumber[u.Row.EmployeeNumber].Id)
            .Concat(plan.Deactivates.Select(d => people.ByNumber[d.EmployeeNumber].Id))
            .ToList();
        await behaviourTallies.ChangingPeopleAsync(movedOrLeaving, () => ChangePeopleAsync(plan, people, roleIds, actor, import, cancellationToken), cancellationToken);
        return new ImportSummary(plan.Creates.Count, plan.Updates.Count, plan.Unchanged.Count, plan.Deactivates.Count);
    }

    private async Task ChangePeopleAsync(StaffImportPlan plan, People people, Dictionary<string, string> roleIds, Actor actor, AppliedImport import, CancellationToken cancellationToken)
    {
        var changedUsers = new List<string>();
        var readdressed = new List<PortalUser>();
        var formerRecords = new Dictionary<string, BranchAndTitle>();
        var places = new List<(StaffPlace? Before, StaffPlace? After)>();
        var pending = 0;

        foreach (var row in plan.Creates)
        {
            var user = new PortalUser
            {
                Id = Guid.NewGuid().ToString(),
                EmployeeNumber = row.EmployeeNumber,
                SecurityStamp = AccountStamps.New(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                EmailConfirmed = true,
                CreatedAtUtc = import.AtUtc,
                CreatedByImportId = import.Id,
            };
            Apply(user, row, people.BranchIds[row.BranchCode]);
            places.Add((null, new StaffPlace(user.BranchId, user.IsActive)));
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[row.Role ?? Roles.Employee] });
            RecordPerson(actor, user, "created", StaffImportPlan.AsCreated(row));
            changedUsers.Add(user.Id);
            if (++pending % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        foreach (var update in plan.Updates)
        {
            var user = people.ByNumber[update.Row.EmployeeNumber];
            var roleChanged = update.Touches("role");
            var branchChanged = update.Touches("branch_code");
            var before = new StaffPlace(user.BranchId, user.IsActive);
            if (user.IsActive && (branchChanged || update.Touches("job_title")))
            {
                formerRecords[user.Id] = new BranchAndTitle(user.BranchId, user.JobTitle);
            }

            var formerEmail = user.Email;
            Apply(user, update.Row, people.BranchIds[update.Row.BranchCode]);
            places.Add((before, new StaffPlace(user.BranchId, user.IsActive)));
            if (roleChanged && update.Row.Role is { } role)
            {
                ChangeRole(user, update.Current.Role, role, roleIds);
            }

            if (roleChanged || branchChanged)
            {
                // Moves between branches and role changes decide what people may see: each gets its own audit row.
                audit.Record(actor, AuditActions.RoleOrBranchChanged, AuditTargets.Employee, user.Id,
                    $"Staff import changed {user.DisplayName} ({user.EmployeeNumber})",
                    before: new { update.Current.BranchCode, update.Current.Role },
                    after: new { BranchCode = update.Row.BranchCode.ToUpperInvariant(), Role = roleChanged ? update.Row.Role : update.Current.Role });
            }

            if (update.Readdresses)
            {
                // Both before the renewal below: it forgets the invitation sent to the old address, and a password-less
                // account then waits for an invitation to the new one.
                TellFormerAddress(user, formerEmail);
                EndPassword(actor, user);
                readdressed.Add(user);
            }

            if (!user.IsActive || branchChanged || roleChanged || update.Readdresses)
            {
                // Signs them out everywhere, and a set-password link already sent (to an old, perhaps mistyped address) stops working.
                AccountStamps.Renew(user);
            }

            RecordPerson(actor, user, "updated", update.Changes);

            changedUsers.Add(user.Id);
            if (++pending % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        foreach (var leaver in plan.Deactivates)
        {
            var user = people.ByNumber[leaver.EmployeeNumber];
            places.Add((new StaffPlace(user.BranchId, user.IsActive), new StaffPlace(user.BranchId, false)));
            user.IsActive = false;
            AccountStamps.Renew(user);
            RecordPerson(actor, user, "deactivated", [new FieldChange("active", "yes", "no")]);
            changedUsers.Add(user.Id);
        }

        await EndSignInsAsync(actor, readdressed, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (changedUsers.Count > 0)
        {
            var everyone = people.ByNumber.Count + plan.Creates.Count;
            await requiredCourses.RebuildAsync(changedUsers.Count > everyone / 2 ? null : changedUsers, formerRecords, cancellationToken);
        }

        await activeStaff.ApplyAsync(places, cancellationToken);
    }

    /// <summary>
    /// Ends the single sign-on links, authenticator keys and recovery codes of the accounts whose address the import
    /// corrected. A link made through a mistyped address belongs to whoever owns that address, and would outlive the
    /// correction; the account's owner links again at their next sign-in, by employee number or by the corrected address.
    /// </summary>
    private async Task EndSignInsAsync(Actor actor, IReadOnlyCollection<PortalUser> readdressed, CancellationToken cancellationToken)
    {
        if (readdressed.Count == 0)
        {
            return;
        }

        var byId = readdressed.ToDictionary(u => u.Id);
        var ids = byId.Keys.ToList();
        var links = await db.UserLogins.Where(l => ids.Contains(l.UserId)).ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            var user = byId[link.UserId];
            audit.Record(actor, AuditActions.ExternalLoginUnlinked, AuditTargets.Employee, user.Id,
                $"Staff import changed the email of {user.DisplayName} ({user.EmployeeNumber}), ending the link of the {link.ProviderDisplayName ?? link.LoginProvider} sign-in",
                after: new { Provider = link.LoginProvider, link.ProviderDisplayName });
        }

        db.UserLogins.RemoveRange(links);
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => ids.Contains(t.UserId)).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// A password set from a link mailed to the former address was set by whoever read that address: a mistyped one
    /// belongs to someone else, who could otherwise sign in with the corrected address and their own password (and
    /// enrol their own authenticator app). As with a sign-on link, the account waits for its owner: an invitation to
    /// the new address. Audited when there was a password or a second factor to end.
    /// </summary>
    private void EndPassword(Actor actor, PortalUser user)
    {
        if (user.PasswordHash is not null || user.TwoFactorEnabled)
        {
            audit.Record(actor, AuditActions.CredentialsEnded, AuditTargets.Employee, user.Id,
                $"Staff import changed the email of {user.DisplayName} ({user.EmployeeNumber}), ending their password and authenticator app",
                after: new { Password = false, TwoFactorEnabled = false });
        }

        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
    }

    /// <summary>
    /// Tells the address an account used to have that it has moved, when the portal has written to it or it could sign
    /// in: its owner learns of a change they did not expect (HR taking over an account by its address would be one).
    /// The new address is not named, since the old one may belong to someone else.
    /// </summary>
    private void TellFormerAddress(PortalUser user, string? formerEmail)
    {
        if (formerEmail is null || (user.PasswordHash is null && user.InvitationExpiresAtUtc is null))
        {
            return;
        }

        var language = outbox.LanguageOf(user);
        using (CultureSwitch.Use(language))
        {
            outbox.Add(new MailDraft("email-changed", formerEmail, user.DisplayName, text["Mail.EmailChanged.Subject", outbox.BankName],
                [text["Mail.EmailChanged.Changed"], text["Mail.EmailChanged.NotYou"]], Language: language));
        }
    }

    private const string ImportLock = "TrainingPortal.StaffImport";

    private IReadOnlyList<StaffImportProblem> NotPermitted => StaffImportText.Localise(text, [new ImportProblem(0, "file", ImportProblemCodes.NotPermitted, [])]);

    /// <summary>One audit entry per person the import created, changed or deactivated, with each column's old and new value.</summary>
    private void RecordPerson(Actor actor, PortalUser user, string kind, IReadOnlyList<FieldChange> changes) =>
        audit.Record(actor, AuditActions.EmployeeImported, AuditTargets.Employee, user.Id,
            $"Staff import {kind} {user.DisplayName} ({user.EmployeeNumber})" + (changes.Count == 0 ? "" : ": " + string.Join("; ", changes.Select(c => $"{c.Field} '{c.Before}' -> '{c.After}'"))),
            after: new { Kind = kind, user.DisplayName, user.EmployeeNumber, Changes = changes.Select(c => new { c.Field, c.Before, c.After }) });

    private static void Apply(PortalUser user, StaffRow row, int branchId)
    {
        user.DisplayName = row.Name;
        if (!string.Equals(user.Email, row.Email, StringComparison.Ordinal))
        {
            user.Email = row.Email;
            user.NormalizedEmail = row.Email.ToUpperInvariant();
            user.UserName = row.Email;
            user.NormalizedUserName = row.Email.ToUpperInvariant();
        }

        user.BranchId = branchId;
        user.JobTitle = row.JobTitle;
        user.HireDate = row.HireDate;
        if (row.Active is { } active)
        {
            user.IsActive = active;
        }

        if (row.Language is { } language)
        {
            user.PreferredCulture = language; // an empty cell leaves the person's choice as it is
        }
    }

    /// <summary>Between the branch-staff roles only: the plan never changes an HR or Admin role (see <see cref="StaffImportPlan.Changes"/>).</summary>
    private void ChangeRole(PortalUser user, string? current, string role, Dictionary<string, string> roleIds)
    {
        if (current is not null)
        {
            db.UserRoles.Remove(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[current] });
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
    }
}
