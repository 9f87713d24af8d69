using System.Text.Encodings.Web;
using System.Text.Json;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class AuditActions
{
    public const string AccountCreated = "account.created";
    public const string AccountChanged = "account.changed";
    public const string AccountDisabled = "account.disabled";
    public const string AccountEnabled = "account.enabled";
    public const string ExtraAttemptGranted = "quiz.extra-attempt-granted";
    public const string CertificateRevoked = "certificate.revoked";
    public const string AssignmentCreated = "assignment.created";
    public const string AssignmentChanged = "assignment.changed";
    public const string AssignmentEnded = "assignment.ended";
    public const string ImportApplied = "staff.import-applied";
    public const string EmployeeImported = "employee.imported";
    public const string RoleOrBranchChanged = "employee.role-or-branch-changed";
    public const string TwoFactorEnabled = "account.two-factor-enabled";
    public const string AuthenticatorReset = "account.authenticator-reset";
    public const string PasswordChanged = "account.password-changed";
    public const string PasswordAdded = "account.password-added";
    public const string MailRetried = "mail.retried";
    public const string InvitationsSent = "account.invited";
    public const string ExternalLoginLinked = "account.external-login-linked";
    public const string ExternalLoginUnlinked = "account.external-login-unlinked";
    public const string CredentialsEnded = "account.credentials-ended";
    public const string ExternalLoginEnded = "account.external-login-ended";
    public const string LanguageChanged = "account.language-changed";
    public const string DigestChanged = "account.digest-changed";
    public const string ObservationRecorded = "observation.recorded";
    public const string ObservationChanged = "observation.changed";
    public const string ObservationAcknowledged = "observation.acknowledged";
    public const string PulseOpened = "pulse.opened";
    public const string PulseWithdrawn = "pulse.withdrawn";
}

/// <summary>What an audit entry is about, where pages look entries up by it.</summary>
public static class AuditTargets
{
    /// <summary>The target id is the person's user id.</summary>
    public const string Employee = "Employee";

    /// <summary>The target id is the certificate's serial; the certificate names its holder.</summary>
    public const string Certificate = "Certificate";

    /// <summary>The target id is the observation's id; the observation names the person observed.</summary>
    public const string Observation = "Observation";

    /// <summary>The target id is the assignment's id.</summary>
    public const string Assignment = "Assignment";

    /// <summary>The target id is the pulse period's id.</summary>
    public const string PulsePeriod = "PulsePeriod";

    /// <summary>The target id is the mail's id in the outbox.</summary>
    public const string Mail = "Mail";

    /// <summary>The target id is the imported file's name, as its sender gave it.</summary>
    public const string StaffImport = "StaffImport";

    /// <summary>Invitations sent to a group at once; the target id names the group (<see cref="Accounts.InvitationScope"/>).</summary>
    public const string Invitations = "Invitations";
}

/// <summary>Adds audit rows to the caller's unit of work, so the change and its record commit together.</summary>
public sealed class AuditLog(PortalDbContext db, TimeProvider time)
{
    /// <summary>The length of the summary column: a summary is the readable line, the before and after values are whole beside it.</summary>
    public const int SummaryLength = 1000;

    /// <summary>The length of the target column: an id, or the name of an imported file, which the file's sender chose.</summary>
    public const int TargetIdLength = 450;

    /// <summary>The text cut to <paramref name="length"/> with an ellipsis, never between the two halves of a character outside the BMP (a rare Hong Kong name's).</summary>
    public static string Shortened(string text, int length = SummaryLength)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var keep = length - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    public void Record(Actor actor, string action, string targetType, string targetId, string summary, object? before = null, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            Action = action,
            TargetType = targetType,
            TargetId = Shortened(targetId, TargetIdLength),
            Summary = Shortened(summary),
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, AuditJson.Readable),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, AuditJson.Readable),
        });
}

public static class AuditJson
{
    /// <summary>
    /// Names and titles as written (王芳, not \u738B\u82B3): the record is read by people checking the sentence above
    /// it. Relaxed escaping is safe here because the JSON is only ever shown through HTML encoding, never as script.
    /// </summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
