using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace TrainingPortal.Data;

public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Branch> Branches => Set<Branch>();
    public DbSet<LessonCompletion> LessonCompletions => Set<LessonCompletion>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<CourseCompletion> CourseCompletions => Set<CourseCompletion>();
    public DbSet<ExtraAttemptGrant> ExtraAttemptGrants => Set<ExtraAttemptGrant>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<AssignmentEmployee> AssignmentEmployees => Set<AssignmentEmployee>();
    public DbSet<RequiredCourse> RequiredCourses => Set<RequiredCourse>();
    public DbSet<LateStart> LateStarts => Set<LateStart>();
    public DbSet<CompletionTally> CompletionTallies => Set<CompletionTally>();
    public DbSet<CertificationTally> CertificationTallies => Set<CertificationTally>();
    public DbSet<RegionDaysTally> RegionDaysTallies => Set<RegionDaysTally>();
    public DbSet<RegionCertifiedOnTally> RegionCertifiedOnTallies => Set<RegionCertifiedOnTally>();
    public DbSet<RegionCompletionTally> RegionCompletionTallies => Set<RegionCompletionTally>();
    public DbSet<BranchStaffTally> BranchStaffTallies => Set<BranchStaffTally>();
    public DbSet<ActiveStaffTally> ActiveStaffTallies => Set<ActiveStaffTally>();
    public DbSet<BranchBehaviourTally> BranchBehaviourTallies => Set<BranchBehaviourTally>();
    public DbSet<BehaviourPeopleTally> BehaviourPeopleTallies => Set<BehaviourPeopleTally>();
    public DbSet<BehaviourQuarterTally> BehaviourQuarterTallies => Set<BehaviourQuarterTally>();
    public DbSet<PulseTally> PulseTallies => Set<PulseTally>();
    public DbSet<AdoptionTally> AdoptionTallies => Set<AdoptionTally>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<ReminderScan> ReminderScans => Set<ReminderScan>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<ObservationRating> ObservationRatings => Set<ObservationRating>();
    public DbSet<PulsePeriod> PulsePeriods => Set<PulsePeriod>();
    public DbSet<PulseResponse> PulseResponses => Set<PulseResponse>();
    public DbSet<PulseParticipation> PulseParticipations => Set<PulseParticipation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PendingStaffFile> PendingStaffFiles => Set<PendingStaffFile>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewStampsOfChangedAccounts();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewStampsOfChangedAccounts();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Identity writes an account whole, every column, guarded only by its concurrency stamp. A change of ours that kept
    /// the stamp would let Identity write back an account it read before that change: a mistyped password, counted
    /// against an account HR disabled a moment earlier, would enable it again. So every change to an account renews the
    /// stamp, and Identity's late write fails as a concurrency failure (a refused sign-in) instead.
    /// </summary>
    private void RenewStampsOfChangedAccounts()
    {
        foreach (var account in ChangeTracker.Entries<PortalUser>())
        {
            if (account.State == EntityState.Modified && !account.Property(u => u.ConcurrencyStamp).IsModified)
            {
                account.Entity.ConcurrencyStamp = Guid.NewGuid().ToString();
            }
        }
    }

    /// <summary>Accounts holding a role wider than branch staff (HR, Executive, Admin): an administrator's to change, not HR's.</summary>
    public IQueryable<PortalUser> PrivilegedUsers =>
        Users.Where(u => UserRoles.Any(ur => ur.UserId == u.Id && Roles.Any(r => r.Id == ur.RoleId && !Core.Staff.Roles.BranchStaff.Contains(r.Name!))));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // OpenID Connect allows a subject of up to 255 characters; Identity's default key length (128) would refuse the longest.
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().Property(l => l.ProviderKey).HasMaxLength(255);

        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.EmployeeNumber).HasMaxLength(32);
            user.HasIndex(u => u.EmployeeNumber).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(Core.Staff.StaffFields.MaxNameLength);
            user.Property(u => u.JobTitle).HasMaxLength(Core.Staff.StaffFields.MaxJobTitleLength);
            user.Property(u => u.PreferredCulture).HasMaxLength(16);
            user.HasOne(u => u.Branch).WithMany().HasForeignKey(u => u.BranchId).OnDelete(DeleteBehavior.Restrict);
            user.HasIndex(u => new { u.BranchId, u.IsActive });
            user.HasIndex(u => u.CreatedByImportId);
            user.Property(u => u.ReceivesDigest).HasDefaultValue(true);
        });

        builder.Entity<Region>(region =>
        {
            region.Property(r => r.Code).HasMaxLength(16);
            region.HasIndex(r => r.Code).IsUnique();
            region.Property(r => r.Name).HasMaxLength(100);
            region.HasOne(r => r.Parent).WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Branch>(branch =>
        {
            branch.Property(b => b.Code).HasMaxLength(16);
            branch.HasIndex(b => b.Code).IsUnique();
            branch.Property(b => b.Name).HasMaxLength(100);
            branch.Property(b => b.City).HasMaxLength(100);
            branch.HasOne(b => b.Region).WithMany(r => r.Branches).HasForeignKey(b => b.RegionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<LessonCompletion>(completion =>
        {
            completion.Property(c => c.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            completion.Property(c => c.LessonSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            completion.Property(c => c.ContentVersion).HasMaxLength(32);
            completion.HasIndex(c => new { c.UserId, c.CourseSlug, c.LessonSlug }).IsUnique();
            completion.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<QuizAttempt>(attempt =>
        {
            attempt.Property(a => a.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            attempt.Property(a => a.ContentVersion).HasMaxLength(32);
            attempt.Property(a => a.Language).HasMaxLength(16).HasDefaultValue("en");
            attempt.HasIndex(a => new { a.UserId, a.CourseSlug, a.AttemptNumber }).IsUnique();
            attempt.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CourseCompletion>(completion =>
        {
            completion.Property(c => c.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            completion.Property(c => c.ContentVersion).HasMaxLength(32);
            completion.HasIndex(c => c.QuizAttemptId).IsUnique();
            completion.HasIndex(c => new { c.UserId, c.CourseSlug });
            completion.HasOne<QuizAttempt>().WithMany().HasForeignKey(c => c.QuizAttemptId).OnDelete(DeleteBehavior.Restrict);
            completion.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ExtraAttemptGrant>(grant =>
        {
            grant.Property(g => g.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            grant.Property(g => g.Reason).HasMaxLength(500);
            grant.HasIndex(g => new { g.UserId, g.CourseSlug });
            grant.HasOne<PortalUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
            grant.HasOne<PortalUser>().WithMany().HasForeignKey(g => g.GrantedByUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Certificate>(certificate =>
        {
            certificate.Property(c => c.Serial).HasMaxLength(32);
            certificate.HasIndex(c => c.Serial).IsUnique();
            certificate.Property(c => c.VerificationCode).HasMaxLength(32);
            certificate.HasIndex(c => c.VerificationCode).IsUnique();
            certificate.HasIndex(c => c.CourseCompletionId).IsUnique();
            certificate.HasIndex(c => new { c.UserId, c.CourseSlug, c.IssuedAtUtc });
            certificate.Property(c => c.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            certificate.Property(c => c.CourseTitle).HasMaxLength(Core.Content.Course.MaxTitleLength);
            certificate.Property(c => c.ContentVersion).HasMaxLength(32);
            certificate.Property(c => c.HolderName).HasMaxLength(200);
            certificate.Property(c => c.EmployeeNumber).HasMaxLength(32);
            certificate.Property(c => c.BranchName).HasMaxLength(100);
            certificate.Property(c => c.RevokedReason).HasMaxLength(500);
            certificate.HasOne<CourseCompletion>().WithMany().HasForeignKey(c => c.CourseCompletionId).OnDelete(DeleteBehavior.Restrict);
            certificate.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Assignment>(assignment =>
        {
            assignment.Property(a => a.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            assignment.Property(a => a.TargetJobTitle).HasMaxLength(100);
            assignment.Property(a => a.Target).HasConversion<string>().HasMaxLength(16);
            assignment.Property(a => a.DueRule).HasConversion<string>().HasMaxLength(24);
            assignment.HasMany(a => a.Employees).WithOne().HasForeignKey(e => e.AssignmentId).OnDelete(DeleteBehavior.Cascade);
            assignment.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
            assignment.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.EndedByUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AssignmentEmployee>(member =>
        {
            member.HasKey(m => new { m.AssignmentId, m.UserId });
            member.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CompletionTally>(tally =>
        {
            tally.HasKey(t => new { t.BranchId, t.CourseSlug, t.Certified, t.DueOn, t.Started, t.ExpiresOn });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
        });
        builder.Entity<CertificationTally>(tally =>
        {
            tally.HasKey(t => new { t.BranchId, t.CourseSlug, t.CertifiedOn, t.ExpiresOn, t.DaysToComplete });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            // Both hold every column their reader needs, so neither reads the table: at 500,000 staff the weekly trend
            // took 0.64 s through an index of the day alone (a row lookup per certificate) and 0.04 s through this one,
            // and a branch's median days are added up in the order of the second, with no sort (0.42 s to 0.29 s for every
            // branch at once).
            tally.HasIndex(t => new { t.CertifiedOn, t.BranchId, t.CourseSlug, t.Count });
            tally.HasIndex(t => new { t.BranchId, t.DaysToComplete, t.ExpiresOn, t.CourseSlug, t.Count });
        });
        builder.Entity<RegionCompletionTally>(tally =>
        {
            tally.HasKey(t => new { t.RegionId, t.CourseSlug, t.Certified, t.DueOn, t.Started, t.ExpiresOn });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
        });
        builder.Entity<RegionDaysTally>(tally =>
        {
            tally.HasKey(t => new { t.RegionId, t.CourseSlug, t.ExpiresOn, t.DaysToComplete });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
        });
        builder.Entity<RegionCertifiedOnTally>(tally =>
        {
            tally.HasKey(t => new { t.RegionId, t.CourseSlug, t.CertifiedOn });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            tally.HasIndex(t => new { t.CertifiedOn, t.RegionId, t.CourseSlug, t.Count }); // the bank's weeks, without its earlier years
        });
        builder.Entity<BranchBehaviourTally>(tally =>
        {
            tally.HasKey(t => t.BranchId);
            tally.Property(t => t.BranchId).ValueGeneratedNever();
        });

        builder.Entity<BehaviourPeopleTally>().HasKey(t => new { t.BranchId, t.FirstQuarter });

        builder.Entity<BehaviourQuarterTally>(tally =>
        {
            tally.HasKey(t => new { t.RegionId, t.CourseSlug, t.BehaviourId, t.ObservedQuarter, t.SupersededQuarter });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            tally.Property(t => t.BehaviourId).HasMaxLength(Core.Content.ContentIds.MaxLength);
        });

        builder.Entity<AdoptionTally>(tally =>
        {
            tally.HasKey(t => new { t.RegionId, t.CourseSlug, t.FromQuarter, t.ToQuarter });
            tally.Property(t => t.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
        });

        builder.Entity<PulseTally>(tally =>
        {
            tally.HasKey(t => new { t.PeriodId, t.BranchId });
            tally.HasOne<PulsePeriod>().WithMany().HasForeignKey(t => t.PeriodId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<BranchStaffTally>().HasKey(t => t.BranchId);
        builder.Entity<BranchStaffTally>().Property(t => t.BranchId).ValueGeneratedNever();
        builder.Entity<ActiveStaffTally>().HasKey(t => t.BranchId);
        builder.Entity<ActiveStaffTally>().Property(t => t.BranchId).ValueGeneratedNever();

        builder.Entity<RequiredCourse>(required =>
        {
            required.Property(r => r.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            required.Property(r => r.EmployeeNumber).HasMaxLength(32);
            required.Property(r => r.DisplayName).HasMaxLength(200);
            required.Property(r => r.JobTitle).HasMaxLength(100);
            required.Property(r => r.BranchName).HasMaxLength(100);
            required.Property(r => r.CertifiedQuarters).HasMaxLength(1000);
            required.HasIndex(r => new { r.UserId, r.CourseSlug }).IsUnique();
            required.HasIndex(r => new { r.DisplayName, r.EmployeeNumber, r.CourseSlug });
            required.HasIndex(r => new { r.CertifiedOn, r.BranchId });
            required.HasIndex(r => new { r.BranchId, r.CourseSlug });
            required.HasIndex(r => new { r.CourseSlug, r.DueOn });
            required.HasIndex(r => r.DueOn); // the reminder scan reads a few days of due dates across every course
            required.HasIndex(r => r.CertificateExpiresAtUtc);
            required.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<LateStart>(start =>
        {
            start.HasKey(s => new { s.UserId, s.AssignmentId });
            start.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            start.HasOne<Assignment>().WithMany().HasForeignKey(s => s.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PendingStaffFile>(file =>
        {
            file.Property(f => f.Id).HasMaxLength(32);
            file.HasOne<PortalUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
            file.HasIndex(f => f.CheckedAtUtc);
        });

        builder.Entity<OutboxMail>(mail =>
        {
            mail.Property(m => m.MessageId).HasMaxLength(200);
            mail.HasIndex(m => m.MessageId).IsUnique();
            mail.Property(m => m.Kind).HasMaxLength(64);
            mail.Property(m => m.ToAddress).HasMaxLength(256);
            mail.Property(m => m.ToName).HasMaxLength(200);
            mail.Property(m => m.Subject).HasMaxLength(300);
            mail.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            mail.Property(m => m.LastError).HasMaxLength(2000);
            mail.Property(m => m.WithdrawnBecause).HasConversion<string>().HasMaxLength(32);
            mail.Property(m => m.LastFailure).HasConversion<string>().HasMaxLength(32);
            mail.Property(m => m.RecipientUserId).HasMaxLength(450);
            mail.HasIndex(m => new { m.State, m.Bulk, m.NextAttemptAtUtc });
            mail.HasIndex(m => m.CreatedAtUtc);
        });

        builder.Entity<Reminder>(reminder =>
        {
            reminder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
            reminder.Property(r => r.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            reminder.HasIndex(r => new { r.UserId, r.CourseSlug, r.Kind, r.Step, r.ForDate }).IsUnique();
            reminder.HasIndex(r => new { r.SentOn, r.Kind });
            reminder.HasIndex(r => r.OutboxMailId);
            reminder.HasIndex(r => new { r.Kind, r.AwaitingMail, r.UserId });
            reminder.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            reminder.HasOne(r => r.OutboxMail).WithMany().HasForeignKey(r => r.OutboxMailId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<ReminderScan>(scan =>
        {
            scan.HasKey(s => new { s.Kind, s.Day });
            scan.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
        });

        builder.Entity<Observation>(observation =>
        {
            observation.Property(o => o.CourseSlug).HasMaxLength(Core.Content.ContentIds.MaxLength);
            observation.Property(o => o.Note).HasMaxLength(Core.CustomerFirst.Observations.MaxNoteLength);
            observation.HasIndex(o => new { o.SubjectUserId, o.CourseSlug, o.ObservedOn });
            observation.HasIndex(o => new { o.BranchId, o.ObservedOn });
            observation.HasOne<PortalUser>().WithMany().HasForeignKey(o => o.SubjectUserId).OnDelete(DeleteBehavior.Cascade);
            observation.HasOne<PortalUser>().WithMany().HasForeignKey(o => o.ObserverUserId).OnDelete(DeleteBehavior.Restrict);
            observation.HasOne<Branch>().WithMany().HasForeignKey(o => o.BranchId).OnDelete(DeleteBehavior.Restrict);
            observation.HasMany(o => o.Ratings).WithOne(r => r.Observation).HasForeignKey(r => r.ObservationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ObservationRating>(rating =>
        {
            rating.HasKey(r => new { r.ObservationId, r.BehaviourId });
            rating.Property(r => r.BehaviourId).HasMaxLength(Core.Content.ContentIds.MaxLength);
            rating.Property(r => r.Rating).HasConversion<string>().HasMaxLength(16);
            rating.Property(r => r.Note).HasMaxLength(Core.CustomerFirst.Observations.MaxNoteLength);
            rating.HasIndex(r => r.SupersededOn);
        });

        builder.Entity<PulsePeriod>(period =>
        {
            period.Property(p => p.Title).HasMaxLength(Core.CustomerFirst.Pulse.MaxTitleLength);
            period.Property(p => p.StatementIds).HasMaxLength(2000);
            period.HasIndex(p => p.OpensOn);
            period.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PulseResponse>(response =>
        {
            response.Property(r => r.Id).ValueGeneratedNever(); // drawn at random: a sequence would record the order people answered in
            response.HasIndex(r => new { r.PeriodId, r.BranchId });
            response.HasOne<PulsePeriod>().WithMany().HasForeignKey(r => r.PeriodId).OnDelete(DeleteBehavior.Restrict);
            response.HasOne<Branch>().WithMany().HasForeignKey(r => r.BranchId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PulseParticipation>(participation =>
        {
            participation.HasKey(p => new { p.PeriodId, p.UserId });
            participation.HasOne<PulsePeriod>().WithMany().HasForeignKey(p => p.PeriodId).OnDelete(DeleteBehavior.Restrict);
            participation.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.ActorUserId).HasMaxLength(450);
            audit.Property(a => a.ActorName).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.TargetType).HasMaxLength(64);
            audit.Property(a => a.TargetId).HasMaxLength(450); // AuditLog.TargetIdLength
            audit.Property(a => a.Summary).HasMaxLength(1000);
            audit.HasIndex(a => a.AtUtc);
            audit.HasIndex(a => new { a.Action, a.AtUtc });
        });
    }
}
