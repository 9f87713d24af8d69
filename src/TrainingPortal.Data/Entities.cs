using Microsoft.AspNetCore.Identity;

namespace TrainingPortal.Data;

/// <summary>A member of staff. Every employee has an account; HR-imported staff get a set-password link, not a password.</summary>
public class PortalUser : IdentityUser
{
    public string EmployeeNumber { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public DateOnly HireDate { get; set; }

    /// <summary>Null for head-office staff, who belong to no branch.</summary>
    public int? BranchId { get; set; }
    public Branch? Branch { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The staff import that created the account, if one did: its people are invited together afterwards.</summary>
    public Guid? CreatedByImportId { get; set; }

    /// <summary>When the latest invitation to set a password was sent; null until HR or an admin invites them.</summary>
    public DateTime? InvitedAtUtc { get; set; }

    /// <summary>When the latest invitation's link stops working.</summary>
    public DateTime? InvitationExpiresAtUtc { get; set; }

    /// <summary>The language the person chose (en, zh-Hans, zh-Hant); null until they or HR choose one.</summary>
    public string? PreferredCulture { get; set; }

    /// <summary>Whether a branch manager gets the weekly digest and HR the monthly summary; each switches their own.</summary>
    public bool ReceivesDigest { get; set; } = true;
}

/// <summary>A region of the bank; regions may nest (a region, its areas), and branches belong to the lowest level.</summary>
public class Region
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int? ParentId { get; set; }
    public Region? Parent { get; set; }
    public List<Branch> Branches { get; set; } = [];
}

/// <summary>Staff without a branch work at head office: counted in the bank's totals, in no region.</summary>
public static class HeadOffice
{
    public const string Name = "Head office";
}

public class Branch
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string City { get; set; } = "";
    public int RegionId { get; set; }
    public Region Region { get; set; } = null!;
}

/// <summary>Keyed by slugs, not by lesson text, so editing a lesson keeps everyone's progress.</summary>
public class LessonCompletion : IPersonCourse
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string CourseSlug { get; set; } = "";
    public string LessonSlug { get; set; } = "";
    public string ContentVersion { get; set; } = "";
    public DateTime CompletedAtUtc { get; set; }
}

public class QuizAttempt : IPersonCourse
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string CourseSlug { get; set; } = "";

    /// <summary>1, 2, 3 … per learner and course; unique, so two tabs cannot both start attempt 2.</summary>
    public int AttemptNumber { get; set; }
    public string ContentVersion { get; set; } = "";
    public string PaperJson { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public DateTime? SubmittedAtUtc { get; set; }
    public string? AnswersJson { get; set; }
    public int? ScorePercent { get; set; }
    public bool? Passed { get; set; }

    /// <summary>The language the paper was shown in; the attempt counts for the course whatever it is.</summary>
    public string Language { get; set; } = "en";
}

public class CourseCompletion
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string CourseSlug { get; set; } = "";
    public string ContentVersion { get; set; } = "";
    public DateTime CompletedAtUtc { get; set; }

    /// <summary>The passing attempt; unique, so one pass can never complete a course twice.</summary>
    public long QuizAttemptId { get; set; }
}

/// <summary>One more quiz attempt beyond the course's maximum, granted by HR.</summary>
public class ExtraAttemptGrant
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string CourseSlug { get; set; } = "";
    public string GrantedByUserId { get; set; } = "";
    public DateTime GrantedAtUtc { get; set; }
    public string Reason { get; set; } = "";
}

/// <summary>Who changed what, when. Rows are only ever added: the app never updates or deletes them.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string ActorUserId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string TargetId { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}

/// <summary>
/// Issued when a course is completed. Holder, number, branch and course title are copied at issue time:
/// a certificate states what was true then, whatever changes later.
/// </summary>
public class Certificate : IPersonCourse
{
    public long Id { get; set; }
    public string Serial { get; set; } = "";
    public string VerificationCode { get; set; } = "";
    public string UserId { get; set; } = "";
    public long CourseCompletionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public string CourseTitle { get; set; } = "";
    public string ContentVersion { get; set; } = "";
    public string HolderName { get; set; } = "";
    public string EmployeeNumber { get; set; } = "";
    public string BranchName { get; set; } = "";
    public DateTime IssuedAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public string? RevokedReason { get; set; }
    public string? RevokedByUserId { get; set; }
}

public class Assignment
{
    public long Id { get; set; }
    public string CourseSlug { get; set; } = "";
    public TrainingPortal.Core.Assignments.AssignmentTarget Target { get; set; }
    public int? TargetRegionId { get; set; }
    public int? TargetBranchId { get; set; }
    public string? TargetJobTitle { get; set; }
    public TrainingPortal.Core.Assignments.DueRule DueRule { get; set; }
    public DateOnly? DueDate { get; set; }
    public int? DueDays { get; set; }
    public DateOnly AssignedOn { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedByUserId { get; set; } = "";

    /// <summary>Days from hire for people who join after the assignment was made; null for the assignment's own window.</summary>
    public int? JoinerDays { get; set; }

    /// <summary>Set when HR ends the assignment: from then on it covers only the people in <see cref="Employees"/>, those it covered that day.</summary>
    public DateOnly? EndedOn { get; set; }
    public DateTime? EndedAtUtc { get; set; }
    public string? EndedByUserId { get; set; }
    public List<AssignmentEmployee> Employees { get; set; } = [];
}

public class AssignmentEmployee
{
    public long AssignmentId { get; set; }
    public string UserId { get; set; } = "";
}

/// <summary>
/// The day someone came under an assignment after it was made, by a change to their record (a move of branch or
/// region, a new job title): their window for its course counts from that day, as a joiner's from their hire date.
/// Unlike <see cref="RequiredCourse"/> it cannot be worked out again from anything, so the rebuild keeps it while the
/// assignment covers them and removes it when it stops.
/// </summary>
public class LateStart : IPersonRow
{
    public string UserId { get; set; } = "";
    public long AssignmentId { get; set; }
    public DateOnly CoveredSince { get; set; }

    // The course's assigned and due dates then, when another assignment already required it of them (see LateCover).
    public DateOnly? HeldAssignedOn { get; set; }
    public DateOnly? HeldDueOn { get; set; }
}

/// <summary>
/// One course one employee must take, derived from the assignments that cover them and kept in step
/// with their progress. Reports and the dashboard aggregate over this table alone, in the database.
/// </summary>
public class RequiredCourse : TrainingPortal.Core.Assignments.ITrainingDates, IPersonCourse
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string CourseSlug { get; set; } = "";

    // Copies of the employee's details, refreshed whenever the employee changes, so that reports sort and
    // page over one table without joining fifty thousand staff rows.
    public string EmployeeNumber { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public string BranchName { get; set; } = "";
    public int? BranchId { get; set; }
    public int? RegionId { get; set; }
    public DateOnly AssignedOn { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? StartedAtUtc { get; set; }

    /// <summary>Issue time of the latest certificate that was not revoked; null when none.</summary>
    public DateTime? CertifiedAtUtc { get; set; }
    public DateTime? CertificateExpiresAtUtc { get; set; }

    /// <summary>The day of CertifiedAtUtc, kept so the weekly trend groups on an indexed column.</summary>
    public DateOnly? CertifiedOn { get; set; }

    /// <summary>Days from assignment to the standing certificate (0 when certified before assignment).</summary>
    public int? DaysToComplete { get; set; }

    /// <summary>The learner's best quiz score in this course so far.</summary>
    public int? BestScorePercent { get; set; }

    /// <summary>Hired after the assignment that sets the due date was made, and so given the joiners' window.</summary>
    public bool JoinedAfterAssignment { get; set; }

    /// <summary>The runs of quarters at whose ends the person held a valid certificate for the course, revoked ones included (CertifiedQuarters.Format).</summary>
    public string? CertifiedQuarters { get; set; }
}

/// <summary>A row about one person: what rebuilding some people's required courses reads and writes.</summary>
public interface IPersonRow
{
    string UserId { get; }
}

/// <summary>A row about one person and one course.</summary>
public interface IPersonCourse : IPersonRow
{
    string CourseSlug { get; }
}

/// <summary>A summary count kept per branch (0 for head office).</summary>
public interface IBranchTally
{
    int BranchId { get; }
}

/// <summary>A summary count kept per course, among other keys.</summary>
public interface ICourseTally
{
    string CourseSlug { get; }
}

/// <summary>Certifications counted under the bank-calendar day they were made on: the weekly trend adds these up.</summary>
public interface ICertifiedOnCount
{
    DateOnly CertifiedOn { get; }
    int Count { get; }
}

/// <summary>A summary count kept per region (0 for head office, which is in no region) and course.</summary>
public interface IRegionTally : ICourseTally
{
    int RegionId { get; }
}

/// <summary>
/// Required courses counted per branch, course and the dates a status turns on (see TallyKey), kept by
/// RequiredCourseSync in the same transaction as the rows, so totals read a few rows per branch instead of one per person.
/// </summary>
public class CompletionTally : TrainingPortal.Core.Assignments.ITallyDates, TrainingPortal.Core.Assignments.IStatusAmounts, IBranchTally, ICourseTally
{
    public int BranchId { get; set; }
    public string CourseSlug { get; set; } = "";
    public bool Certified { get; set; }
    public DateOnly DueOn { get; set; }
    public bool Started { get; set; }
    public DateOnly ExpiresOn { get; set; }
    public int Count { get; set; }
    public long ScoreSum { get; set; }
    public int ScoreCount { get; set; }
}

/// <summary>Certified required courses counted per branch, course, certification day, expiry day and days taken (see CertificationKey).</summary>
public class CertificationTally : TrainingPortal.Core.Assignments.ICertificateExpiry, IBranchTally, ICourseTally, ICertifiedOnCount
{
    public int BranchId { get; set; }
    public string CourseSlug { get; set; } = "";
    public DateOnly CertifiedOn { get; set; }
    public DateOnly ExpiresOn { get; set; }
    public int DaysToComplete { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// Required courses counted per region (0 for head office), course and the dates a status turns on, as CompletionTally
/// per branch: the totals of the bank and of regions. Kept beside CompletionTally.
/// </summary>
public class RegionCompletionTally : TrainingPortal.Core.Assignments.ITallyDates, TrainingPortal.Core.Assignments.IStatusAmounts, IRegionTally
{
    public int RegionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public bool Certified { get; set; }
    public DateOnly DueOn { get; set; }
    public bool Started { get; set; }
    public DateOnly ExpiresOn { get; set; }
    public int Count { get; set; }
    public long ScoreSum { get; set; }
    public int ScoreCount { get; set; }
}

/// <summary>
/// Certified required courses with their days taken, counted per region (0 for head office), course, the UTC day the
/// certificate lapses and the days it took: the medians of regions and of the bank. Kept beside CertificationTally.
/// </summary>
public class RegionDaysTally : TrainingPortal.Core.Assignments.ICertificateExpiry, IRegionTally
{
    public int RegionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public DateOnly ExpiresOn { get; set; }
    public int DaysToComplete { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// Certified required courses counted per region (0 for head office), course and the bank-calendar day they were
/// certified: the weekly trends of regions and of the bank. Kept beside CertificationTally.
/// </summary>
public class RegionCertifiedOnTally : IRegionTally, ICertifiedOnCount
{
    public int RegionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public DateOnly CertifiedOn { get; set; }
    public int Count { get; set; }
}

/// <summary>People with at least one required course, per branch (0 for head office): kept beside CompletionTally.</summary>
public class BranchStaffTally : IBranchTally
{
    public int BranchId { get; set; }
    public int StaffWithRequired { get; set; }
}

/// <summary>
/// Active people per branch (0 for head office), which a board would otherwise count from every account: kept by
/// ActiveStaffTallies in the same transaction as every account created, moved, disabled or enabled.
/// </summary>
public class ActiveStaffTally : IBranchTally
{
    public int BranchId { get; set; }
    public int Active { get; set; }
}

/// <summary>
/// Active people's latest ratings counted per branch (0 for head office), every course and behaviour together: the
/// behaviour figures as of today. Kept by BehaviourTallies in the same transaction as every observation and every move
/// or deactivation.
/// </summary>
public class BranchBehaviourTally : IBranchTally
{
    public int BranchId { get; set; }
    public int Observed { get; set; }
    public int Established { get; set; }
}

/// <summary>
/// Active people with ratings, counted per branch (0 for head office) and the quarter each was first observed in (see
/// ObservedPeopleKey): how many people a branch's behaviour figure is made of, today and at each quarter's end.
/// </summary>
public class BehaviourPeopleTally : IBranchTally, TrainingPortal.Core.CustomerFirst.IObservedPeopleCount
{
    public int BranchId { get; set; }
    public DateOnly FirstQuarter { get; set; }
    public int People { get; set; }
}

/// <summary>
/// Active people's ratings counted per region (0 for head office), course, behaviour and the quarters each was observed
/// and superseded in (see BehaviourQuarterKey): the bank's and regions' behaviour figures at each quarter's end.
/// </summary>
public class BehaviourQuarterTally : TrainingPortal.Core.CustomerFirst.IBehaviourQuarterCount
{
    public int RegionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public string BehaviourId { get; set; } = "";
    public DateOnly ObservedQuarter { get; set; }
    public DateOnly SupersededQuarter { get; set; }
    public int Observed { get; set; }
    public int Established { get; set; }
}

/// <summary>
/// A pulse period's responses counted per branch (0 for head office): how many, and per statement position the sum of
/// the scores and how many answered it. Kept by AnswerPulse in the same transaction as the response.
/// </summary>
public class PulseTally : IBranchTally
{
    public int PeriodId { get; set; }
    public int BranchId { get; set; }
    public int Responses { get; set; }
    public long Sum1 { get; set; }
    public long Sum2 { get; set; }
    public long Sum3 { get; set; }
    public long Sum4 { get; set; }
    public long Sum5 { get; set; }
    public long Sum6 { get; set; }
    public long Sum7 { get; set; }
    public long Sum8 { get; set; }
    public int Answered1 { get; set; }
    public int Answered2 { get; set; }
    public int Answered3 { get; set; }
    public int Answered4 { get; set; }
    public int Answered5 { get; set; }
    public int Answered6 { get; set; }
    public int Answered7 { get; set; }
    public int Answered8 { get; set; }

    /// <summary>Adds one response: its scores to the sums of their statement positions.</summary>
    public void Count(PulseResponse response)
    {
        Responses++;
        (Sum1, Answered1) = Add(Sum1, Answered1, response.Score1);
        (Sum2, Answered2) = Add(Sum2, Answered2, response.Score2);
        (Sum3, Answered3) = Add(Sum3, Answered3, response.Score3);
        (Sum4, Answered4) = Add(Sum4, Answered4, response.Score4);
        (Sum5, Answered5) = Add(Sum5, Answered5, response.Score5);
        (Sum6, Answered6) = Add(Sum6, Answered6, response.Score6);
        (Sum7, Answered7) = Add(Sum7, Answered7, response.Score7);
        (Sum8, Answered8) = Add(Sum8, Answered8, response.Score8);
    }

    private static (long Sum, int Answered) Add(long sum, int answered, int? score) => score is { } s ? (sum + s, answered + 1) : (sum, answered);
}

/// <summary>
/// Required courses counted per region (0 for head office), course and run of quarters (see AdoptionKey): how many
/// were assigned, and how many held a valid certificate, at each quarter's end. Kept beside CompletionTally.
/// </summary>
public class AdoptionTally : TrainingPortal.Core.Assignments.IAdoptionCount, IRegionTally
{
    public int RegionId { get; set; }
    public string CourseSlug { get; set; } = "";
    public DateOnly FromQuarter { get; set; }
    public DateOnly ToQuarter { get; set; }
    public int Assigned { get; set; }
    public int Valid { get; set; }
}

public enum OutboxState
{
    Pending,
    Sent,
    Failed,

    /// <summary>Not sent, and never to be: of no use by the time it could go (see <see cref="OutboxMail.WithdrawnBecause"/>).</summary>
    Withdrawn,
}

/// <summary>Why the outbox withdrew a mail rather than send it: each is a sentence in the reader's language on the mail page.</summary>
public enum MailWithdrawal
{
    /// <summary>A reminder or digest whose bank day was over: its words (days left, figures) were that day's.</summary>
    DayOver,

    /// <summary>A mail whose link lapsed: an invitation or a password reset.</summary>
    LinkLapsed,

    /// <summary>The account it was for was disabled: a leaver.</summary>
    AccountDisabled,

    /// <summary>The account's address changed: the old one may be a stranger's.</summary>
    AddressChanged,

    /// <summary>An invitation a newer one replaced (each invitation's link ends the one before).</summary>
    InvitationReplaced,
}

/// <summary>What a failed attempt to send a mail ran into: a sentence in the reader's language on the mail page, beside the details.</summary>
public enum MailFailure
{
    /// <summary>The recipient's address could not be read as one.</summary>
    AddressInvalid,

    /// <summary>The mail server could not be reached, or would not let the portal sign in.</summary>
    ServerUnreachable,

    /// <summary>The mail server refused the portal's mail as a whole (its sender, or the service unavailable).</summary>
    ServerRefusedPortal,

    /// <summary>The mail server refused this mail (a recipient unknown, a mailbox full).</summary>
    MailRefused,

    /// <summary>Development's folder of mails could not be written to.</summary>
    PickupFolderUnwritable,
}

/// <summary>
/// A mail waiting to go, written in the same transaction as the change that causes it. Delivery claims rows with
/// a lease (token and lease-until), so several app instances never send one row at the same time; the Message-ID
/// is fixed when the row is written, so a repeat after a crash is recognisable as the same mail.
/// </summary>
public class OutboxMail
{
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string TextBody { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public OutboxState State { get; set; }

    /// <summary>A reminder or digest, of which a scan writes thousands at once: sent after the personal mails waiting (a password reset, an invitation).</summary>
    public bool Bulk { get; set; }

    public int Attempts { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }

    /// <summary>The details of the last failed attempt (the server's answer in its own words, its address); see <see cref="LastFailure"/>.</summary>
    public string? LastError { get; set; }

    /// <summary>What the last failed attempt ran into; null for one written before this was kept, whose <see cref="LastError"/> says it in English.</summary>
    public MailFailure? LastFailure { get; set; }

    /// <summary>Why a <see cref="OutboxState.Withdrawn"/> mail was withdrawn; null for any other mail.</summary>
    public MailWithdrawal? WithdrawnBecause { get; set; }

    /// <summary>
    /// The account a mail to its holder is for: withdrawn rather than sent when, by the time it could go, the account is
    /// disabled (a leaver) or its address is no longer <see cref="ToAddress"/> (corrected: the old one may be a stranger's).
    /// Null for a mail meant for an address as such (the notice to a former address).
    /// </summary>
    public string? RecipientUserId { get; set; }

    /// <summary>When the mail stops being of use (its link lapses): withdrawn rather than sent after it.</summary>
    public DateTime? ValidUntilUtc { get; set; }
}

/// <summary>
/// The ledger of reminders: one row per person, course, kind, step and the date it is about (a due or expiry date, a
/// digest's date), unique, so a reminder is recorded once however many scans see it due. A scan records what is due
/// in one statement per kind and step, then writes the mails, each in the same transaction that links its rows to
/// it. A row that never awaited a mail records a course already required before reminders began.
/// </summary>
public class Reminder
{
    public long Id { get; set; }
    public TrainingPortal.Core.Reminders.ReminderKind Kind { get; set; }
    public string UserId { get; set; } = "";

    /// <summary>Empty for digests and summaries, which are about no single course.</summary>
    public string CourseSlug { get; set; } = "";

    /// <summary>The step's days before <see cref="ForDate"/> (negative after it); 0 for kinds with one step.</summary>
    public int Step { get; set; }
    public DateOnly ForDate { get; set; }

    /// <summary>The bank's date the reminder was queued on.</summary>
    public DateOnly SentOn { get; set; }
    public DateTime QueuedAtUtc { get; set; }

    /// <summary>True from recording until the mail is written (or found unneeded); the scan writes mails for these.</summary>
    public bool AwaitingMail { get; set; }
    public long? OutboxMailId { get; set; }
    public OutboxMail? OutboxMail { get; set; }
}

/// <summary>
/// One kind's scan on one of the bank's days. An instance leases the row before scanning, so a kind is scanned by
/// one instance at a time and completed at most once a day; a scan whose instance died is taken over once its lease
/// has run out.
/// </summary>
public class ReminderScan
{
    public TrainingPortal.Core.Reminders.ReminderKind Kind { get; set; }
    public DateOnly Day { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    public int Queued { get; set; }
}

/// <summary>
/// What a branch manager saw one of their staff do, behaviour by behaviour, against a course's checklist. Shown to the
/// person observed and the managers of the branch it was recorded in; HR and executives see only aggregates.
/// </summary>
public class Observation
{
    public long Id { get; set; }
    public string SubjectUserId { get; set; } = "";
    public string ObserverUserId { get; set; } = "";

    /// <summary>The branch the observation was recorded in: its managers may read it.</summary>
    public int BranchId { get; set; }
    public string CourseSlug { get; set; } = "";

    /// <summary>The bank's date of what was observed.</summary>
    public DateOnly ObservedOn { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAtUtc { get; set; }
    public DateTime? ChangedAtUtc { get; set; }
    public DateTime? AcknowledgedAtUtc { get; set; }
    public List<ObservationRating> Ratings { get; set; } = [];
}

public class ObservationRating
{
    public long ObservationId { get; set; }
    public Observation Observation { get; set; } = null!;

    /// <summary>The behaviour's id in the course's checklist.yml.</summary>
    public string BehaviourId { get; set; } = "";
    public TrainingPortal.Core.CustomerFirst.BehaviourRating Rating { get; set; }
    public string? Note { get; set; }

    /// <summary>
    /// The date of the next rating of the same person, course and behaviour; null while this is the latest. Kept by
    /// RecordObservation, so "the latest rating as of a day" is a filter, not a search for later rows.
    /// </summary>
    public DateOnly? SupersededOn { get; set; }
}

/// <summary>A time HR asks every employee the pulse statements; open from its first day to its last, both included.</summary>
public class PulsePeriod
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }

    /// <summary>The statement ids asked, in order: the first one's score is a response's <see cref="PulseResponse.Score1"/>, and so on.</summary>
    public List<string> StatementIds { get; set; } = [];
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>
/// One anonymous answer to a pulse period. Nothing here refers to the person: no user, no time at all (the period says
/// when), and an id drawn at random (not a sequence), so neither its key nor its place in the table follows the order
/// people answered in. Who has answered is kept in <see cref="PulseParticipation"/>, which has nothing to join on.
/// </summary>
public class PulseResponse
{
    public long Id { get; set; }
    public int PeriodId { get; set; }

    /// <summary>Where the person worked when answering; null for head office.</summary>
    public int? BranchId { get; set; }
    public int? Score1 { get; set; }
    public int? Score2 { get; set; }
    public int? Score3 { get; set; }
    public int? Score4 { get; set; }
    public int? Score5 { get; set; }
    public int? Score6 { get; set; }
    public int? Score7 { get; set; }
    public int? Score8 { get; set; }

    /// <summary>Each score column, in the order of the period's statements, for queries that add them up.</summary>
    public static readonly IReadOnlyList<System.Linq.Expressions.Expression<Func<PulseResponse, int?>>> ScoreColumns =
        [r => r.Score1, r => r.Score2, r => r.Score3, r => r.Score4, r => r.Score5, r => r.Score6, r => r.Score7, r => r.Score8];

    public void SetScores(IReadOnlyList<int> scores)
    {
        if (scores.Count > ScoreColumns.Count)
        {
            throw new ArgumentException($"A response holds at most {ScoreColumns.Count} scores.", nameof(scores));
        }

        int? At(int i) => i < scores.Count ? scores[i] : null;
        (Score1, Score2, Score3, Score4, Score5, Score6, Score7, Score8) = (At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }
}

/// <summary>
/// A staff file HR has checked and not yet applied: the file and what was chosen with it, encrypted for the uploader
/// alone. Kept in the database, so "Apply" works on whichever instance the load balancer sends it to.
/// </summary>
public class PendingStaffFile
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CheckedAtUtc { get; set; }
    public byte[] Protected { get; set; } = [];
}

/// <summary>That a person has answered a period, so they are asked once: no time, no answer, nothing joining it to a response.</summary>
public class PulseParticipation
{
    public int PeriodId { get; set; }
    public string UserId { get; set; } = "";
}
