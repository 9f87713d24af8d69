using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Staff;

/// <summary>A checked staff file waiting for HR to look at the preview and apply it.</summary>
/// <param name="PlanFingerprint">The previewed plan's (<see cref="StaffImportPlan.Fingerprint"/>): applied only while the file would still do that.</param>
public sealed record PendingStaffImport(string FileName, StaffFileEncoding WhenNotUtf8, bool DeactivateMissing, DateTime CheckedAtUtc, byte[] Content, string PlanFingerprint);

/// <summary>
/// Keeps an uploaded staff file between its preview and "Apply", so it is never sent back through the browser: one
/// row per check (<see cref="PendingStaffFile"/>), named by a random id, encrypted with the portal's data-protection
/// keys under a purpose that includes the uploader's user id (nobody else can open it, and a changed id cannot point
/// elsewhere), kept for <see cref="Lifetime"/> and removed once applied. In the database rather than on one server's
/// disk, so the preview and "Apply" may reach different instances.
/// </summary>
public sealed class PendingStaffImports(PortalDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const string Purpose = "TrainingPortal.Staff.PendingImport.v3";

    /// <summary>What was chosen with the file, encrypted with it; whose it is and when it was checked are the row's own columns.</summary>
    private sealed record Header(string FileName, StaffFileEncoding WhenNotUtf8, bool DeactivateMissing, string PlanFingerprint);

    public async Task<string> SaveAsync(string userId, PendingStaffImport import, CancellationToken cancellationToken)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(import.FileName, import.WhenNotUtf8, import.DeactivateMissing, import.PlanFingerprint));
        var plain = new byte[4 + header.Length + import.Content.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, header.Length);
        header.CopyTo(plain, 4);
        import.Content.CopyTo(plain, 4 + header.Length);

        // Files checked but never applied go once well past their lifetime.
        var abandoned = time.GetUtcNow().UtcDateTime - 2 * Lifetime;
        await db.PendingStaffFiles.Where(f => f.CheckedAtUtc < abandoned).ExecuteDeleteAsync(cancellationToken);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        db.PendingStaffFiles.Add(new PendingStaffFile { Id = id, UserId = userId, CheckedAtUtc = import.CheckedAtUtc, Protected = Protector(userId).Protect(plain) });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return id;
    }

    /// <summary>The file this person checked under the id, or null when there is none, it is someone else's or it has expired.</summary>
    public async Task<PendingStaffImport?> FindAsync(string? id, string userId, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        var stored = await db.PendingStaffFiles.AsNoTracking().Where(f => f.Id == id && f.UserId == userId)
            .Select(f => new { f.CheckedAtUtc, f.Protected }).SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (time.GetUtcNow().UtcDateTime - stored.CheckedAtUtc > Lifetime)
        {
            await DeleteAsync(id, cancellationToken);
            return null;
        }

        byte[] plain;
        try
        {
            plain = Protector(userId).Unprotect(stored.Protected);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(plain);
        var header = JsonSerializer.Deserialize<Header>(plain.AsSpan(4, length));
        return header is null ? null
            : new PendingStaffImport(header.FileName, header.WhenNotUtf8, header.DeactivateMissing, stored.CheckedAtUtc, plain[(4 + length)..], header.PlanFingerprint);
    }

    public async Task DeleteAsync(string? id, CancellationToken cancellationToken)
    {
        if (IsId(id))
        {
            await db.PendingStaffFiles.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private IDataProtector Protector(string userId) => protection.CreateProtector(Purpose, userId);

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
