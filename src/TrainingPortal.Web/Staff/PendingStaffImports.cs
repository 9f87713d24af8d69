using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Web.Staff;

/// <summary>A checked staff file waiting for HR to look at the preview and apply it.</summary>
public sealed record PendingStaffImport(string FileName, StaffFileEncoding WhenNotUtf8, bool DeactivateMissing, DateTime CheckedAtUtc, byte[] Content);

/// <summary>
/// Keeps an uploaded staff file between its preview and "Apply" on the server, so it is never sent back through the
/// browser: one file per check, named by a random id, encrypted with the portal's data-protection keys under a purpose
/// that includes the uploader's user id (nobody else can open it, and a changed id cannot point elsewhere), kept for
/// <see cref="Lifetime"/> and removed once applied. The folder is Import:PendingDirectory, else one under the system's
/// temporary folder; with several web servers it must be shared, or requests must stick to one server.
/// </summary>
public sealed class PendingStaffImports(IDataProtectionProvider protection, TimeProvider time, IConfiguration configuration)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const string Purpose = "TrainingPortal.Staff.PendingImport.v1";

    private string Folder => configuration["Import:PendingDirectory"] is { Length: > 0 } configured
        ? configured
        : Path.Combine(Path.GetTempPath(), "TrainingPortal", "pending-imports");

    private sealed record Header(string UserId, string FileName, StaffFileEncoding WhenNotUtf8, bool DeactivateMissing, DateTime CheckedAtUtc);

    public async Task<string> SaveAsync(string userId, PendingStaffImport import, CancellationToken cancellationToken)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(userId, import.FileName, import.WhenNotUtf8, import.DeactivateMissing, import.CheckedAtUtc));
        var plain = new byte[4 + header.Length + import.Content.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, header.Length);
        header.CopyTo(plain, 4);
        import.Content.CopyTo(plain, 4 + header.Length);

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = Folder;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        RemoveAbandoned(folder);
        await File.WriteAllBytesAsync(PathOf(folder, id), Protector(userId).Protect(plain), cancellationToken);
        return id;
    }

    /// <summary>The file this person checked under the id, or null when there is none, it is someone else's or it has expired.</summary>
    public async Task<PendingStaffImport?> FindAsync(string? id, string userId, CancellationToken cancellationToken)
    {
        if (!IsId(id) || !File.Exists(PathOf(Folder, id!)))
        {
            return null;
        }

        byte[] plain;
        try
        {
            plain = Protector(userId).Unprotect(await File.ReadAllBytesAsync(PathOf(Folder, id!), cancellationToken));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(plain);
        var header = JsonSerializer.Deserialize<Header>(plain.AsSpan(4, length));
        if (header is null || header.UserId != userId)
        {
            return null;
        }

        if (time.GetUtcNow().UtcDateTime - header.CheckedAtUtc > Lifetime)
        {
            Delete(id);
            return null;
        }

        return new PendingStaffImport(header.FileName, header.WhenNotUtf8, header.DeactivateMissing, header.CheckedAtUtc, plain[(4 + length)..]);
    }

    public void Delete(string? id)
    {
        if (IsId(id))
        {
            File.Delete(PathOf(Folder, id!));
        }
    }

    private IDataProtector Protector(string userId) => protection.CreateProtector(Purpose, userId);

    private static string PathOf(string folder, string id) => Path.Combine(folder, id + ".pending");

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Files checked but never applied: by the file system's own clock, well past their lifetime.</summary>
    private static void RemoveAbandoned(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.pending"))
        {
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > 2 * Lifetime)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Another request removed or is writing it.
            }
        }
    }
}
