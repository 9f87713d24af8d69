using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Staff;

public sealed record ImportSummary(int Created, int Updated, int Unchanged, int Deactivated)
{
    public override string ToString() => $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Deactivated} deactivated";
}

/// <summary>Either the problems that stopped the import (nothing was changed) or what it changed.</summary>
/// <param name="AppliedAtUtc">When the import was applied: the accounts it created carry this creation time.</param>
/// <param name="EncodingName">What the file was read as (UTF-8, UTF-16LE, UTF-16BE, GB18030 or Big5).</param>
public sealed record StaffImportOutcome(IReadOnlyList<StaffImportProblem> Problems, ImportSummary? Summary, DateTime? AppliedAtUtc = null, string? EncodingName = null);

/// <summary>What a staff file would do, read and checked but not applied: how it was decoded and its first rows as read,
/// so HR can see that the names came out right before anything changes.</summary>
/// <param name="EncodingDetected">True when the file said its encoding (byte order mark, or valid UTF-8); false when the
/// uploader's choice was used.</param>
public sealed record StaffImportPreview(string EncodingName, bool EncodingDetected, int RowCount, IReadOnlyList<StaffRow> FirstRows, IReadOnlyList<StaffImportProblem> Problems)
{
    public bool CanApply => Problems.Count == 0 && RowCount > 0;
}

/// <summary>
/// Checks a staff file against the database and applies it in one transaction: employees are matched by employee
/// number, created or updated in bulk, and only touched when something differs, so importing the same file twice
/// changes nothing. Any problem refuses the whole file. <see cref="PreviewAsync"/> runs the same checks and writes nothing.
/// </summary>
public sealed class ImportStaff(PortalDbContext db, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time, IStringLocalizer<Shared> text, ILogger<ImportStaff> logger)
{
    private const int SaveEvery = 2_000;

    /// <summary>How many rows the preview shows.</summary>
    public const int PreviewRows = 5;

    /// <summary>Reads and checks the file exactly as <see cref="ExecuteAsync(byte[], string, bool, StaffFileEncoding, Actor, CancellationToken)"/> would, changing nothing.</summary>
    public async Task<StaffImportPreview> PreviewAsync(byte[] file, StaffFileEncoding whenNotUtf8, Actor actor, CancellationToken cancellationToken)
    {
        var (checkedFile, problems) = await CheckAsync(file, whenNotUtf8, actor, cancellationToken);
        return new StaffImportPreview(checkedFile.EncodingName, checkedFile.EncodingDetected, checkedFile.Rows.Count,
            checkedFile.Rows.Take(PreviewRows).ToList(), StaffImportText.Localise(text, problems));
    }

    /// <summary>A UTF-8 (or UTF-16 with a byte order mark) file.</summary>
    public async Task<StaffImportOutcome> ExecuteAsync(Stream csv, string fileName, bool deactivateMissing, Actor actor, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await csv.CopyToAsync(copy, cancellationToken);
        return await ExecuteAsync(copy.ToArray(), fileName, deactivateMissing, StaffFileEncoding.Utf8, actor, cancellationToken);
    }

    public async Task<StaffImportOutcome> ExecuteAsync(byte[] file, string fileName, bool deactivateMissing, StaffFileEncoding whenNotUtf8, Actor actor, CancellationToken cancellationToken)
    {
        var (checkedFile, problems) = await CheckAsync(file, whenNotUtf8, actor, cancellationToken);
        if (problems.Count > 0)
        {
            logger.LogInformation("Staff import of {File} refused: {Count} problem(s)", fileName, problems.Count);
            return new StaffImportOutcome(StaffImportText.Localise(text, problems), null, EncodingName: checkedFile.EncodingName);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var appliedAtUtc = time.GetUtcNow().UtcDateTime;
        var summary = await ApplyAsync(checkedFile.Rows, deactivateMissing, actor, appliedAtUtc, cancellationToken);
        audit.Record(actor, AuditActions.ImportApplied, "StaffImport", fileName,
            $"Imported {checkedFile.Rows.Count} row(s) from {fileName}: {summary}",
            after: new { rows = checkedFile.Rows.Count, summary.Created, summary.Updated, summary.Unchanged, summary.Deactivated, deactivateMissing, encoding = checkedFile.EncodingName });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StaffImportOutcome([], summary, appliedAtUtc, checkedFile.EncodingName);
    }

    private async Task<(StaffImportResult File, IReadOnlyList<ImportProblem> Problems)> CheckAsync(byte[] file, StaffFileEncoding whenNotUtf8, Actor actor, CancellationToken cancellationToken)
    {
        var branchCodes = (await db.Branches.Select(b => b.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owners = await db.Users.Where(u => u.NormalizedEmail != null)
            .Select(u => new { u.Email, u.EmployeeNumber })
            .ToListAsync(cancellationToken);
        var ownerByEmail = owners.GroupBy(o => o.Email!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().EmployeeNumber, StringComparer.OrdinalIgnoreCase);
        var checkedFile = StaffImportFile.Read(file, StaffImportText.Options(text, whenNotUtf8), branchCodes, ownerByEmail);
        var problems = checkedFile.IsValid ? await PrivilegedRowsAsync(checkedFile.Rows, actor, cancellationToken) : checkedFile.Problems;
        return (checkedFile, problems);
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

    private async Task<ImportSummary> ApplyAsync(IReadOnlyList<StaffRow> rows, bool deactivateMissing, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var branches = await db.Branches.ToDictionaryAsync(b => b.Code, b => b.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var branchCodes = branches.ToDictionary(b => b.Value, b => b.Key);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var roleByUser = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name!, cancellationToken);
        var existing = await db.Users.ToDictionaryAsync(u => u.EmployeeNumber, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var changedUsers = new List<string>();
        int created = 0, updated = 0, unchanged = 0, deactivated = 0, pending = 0;

        foreach (var row in rows)
        {
            var branchId = branches[row.BranchCode];
            if (!existing.TryGetValue(row.EmployeeNumber, out var user))
            {
                user = new PortalUser
                {
                    Id = Guid.NewGuid().ToString(),
                    EmployeeNumber = row.EmployeeNumber,
                    SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                    EmailConfirmed = true,
                    CreatedAtUtc = now,
                };
                Apply(user, row, branchId);
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[row.Role ?? Roles.Employee] });
                existing[row.EmployeeNumber] = user;
                changedUsers.Add(user.Id);
                created++;
            }
            else
            {
                var before = (user.DisplayName, user.Email, user.BranchId, user.JobTitle, user.HireDate, user.IsActive, user.PreferredCulture);
                var roleBefore = roleByUser.GetValueOrDefault(user.Id);
                Apply(user, row, branchId);
                var roleChanged = ChangeRole(user, row.Role, roleByUser, roleIds);
                if (roleChanged || before.BranchId != user.BranchId)
                {
                    // Moves between branches and role changes decide what people may see: each gets its own audit row.
                    audit.Record(actor, AuditActions.RoleOrBranchChanged, "Employee", user.Id,
                        $"Staff import changed {user.DisplayName} ({user.EmployeeNumber})",
                        before: new { BranchCode = branchCodes.GetValueOrDefault(before.BranchId ?? 0), Role = roleBefore },
                        after: new { BranchCode = row.BranchCode.ToUpperInvariant(), Role = roleByUser.GetValueOrDefault(user.Id) });
                }
                if (before != (user.DisplayName, user.Email, user.BranchId, user.JobTitle, user.HireDate, user.IsActive, user.PreferredCulture) || roleChanged)
                {
                    if (!user.IsActive || before.BranchId != user.BranchId || roleChanged)
                    {
                        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(); // signs them out everywhere
                    }

                    changedUsers.Add(user.Id);
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }

            if (++pending % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        if (deactivateMissing)
        {
            var inFile = rows.Select(r => r.EmployeeNumber).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var user in existing.Values.Where(u => u.IsActive && u.BranchId != null && !inFile.Contains(u.EmployeeNumber)
                         && Roles.IsBranchStaff(roleByUser.GetValueOrDefault(u.Id))))
            {
                user.IsActive = false;
                user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
                changedUsers.Add(user.Id);
                deactivated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (changedUsers.Count > 0)
        {
            await requiredCourses.RebuildAsync(changedUsers.Count > existing.Count / 2 ? null : changedUsers, cancellationToken);
        }

        return new ImportSummary(created, updated, unchanged, deactivated);
    }

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

    /// <summary>The file may move staff between Employee and BranchManager; HR and Admin roles are never changed by an import.</summary>
    private bool ChangeRole(PortalUser user, string? role, Dictionary<string, string> roleByUser, Dictionary<string, string> roleIds)
    {
        var current = roleByUser.GetValueOrDefault(user.Id);
        if (role is null || role == current || !Roles.IsBranchStaff(current))
        {
            return false;
        }

        if (current is not null)
        {
            db.UserRoles.Remove(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[current] });
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        roleByUser[user.Id] = role;
        return true;
    }
}
