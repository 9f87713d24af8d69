using TrainingPortal.Core.Calendar;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;

namespace TrainingPortal.Web.Certificates;

/// <summary>The person a certificate is made out to, as they stand on the day it is issued.</summary>
public sealed record CertificateHolder(string UserId, string DisplayName, string EmployeeNumber, string BranchName);

/// <summary>
/// A passed quiz completes the course and issues its certificate. This runs inside the transaction of the
/// submission that passed, so there is never a completion without a certificate nor a certificate without a
/// completion; demo seeding writes its history through <see cref="Draft"/> and <see cref="Number"/>.
/// </summary>
public sealed class IssueCertificate(PortalDbContext db, RequiredCourseSync requiredCourses, ContentLibrary content, BankCalendar calendar)
{
    public async Task<Certificate> ExecuteAsync(string userId, Course course, long passingAttemptId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A certificate is issued in the transaction that records the passing attempt.");
        }

        var completion = Completion(userId, course, passingAttemptId, nowUtc);
        db.CourseCompletions.Add(completion);
        await db.SaveChangesAsync(cancellationToken);

        var holder = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new CertificateHolder(u.Id, u.DisplayName, u.EmployeeNumber, u.Branch == null ? HeadOffice.Name : u.Branch.Name))
            .SingleAsync(cancellationToken);
        // The certificate records the course as it is in the base files: the PDF adds the holder's language itself.
        var certificate = Draft(holder, content.Base.Find(course.Slug) ?? course, completion, nowUtc, calendar);
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        Number(certificate, calendar);
        await db.SaveChangesAsync(cancellationToken);
        await requiredCourses.RefreshCertificateAsync(userId, course.Slug, cancellationToken);
        return certificate;
    }

    public static CourseCompletion Completion(string userId, Course course, long passingAttemptId, DateTime completedAtUtc) => new()
    {
        UserId = userId,
        CourseSlug = course.Slug,
        ContentVersion = course.ContentVersion,
        CompletedAtUtc = completedAtUtc,
        QuizAttemptId = passingAttemptId,
    };

    /// <summary>
    /// Everything a certificate states, copied at issue time so that it says what was true then. Its serial is
    /// given by <see cref="Number"/> once the database has numbered the row.
    /// </summary>
    public static Certificate Draft(CertificateHolder holder, Course course, CourseCompletion completion, DateTime issuedAtUtc, BankCalendar calendar) => new()
    {
        Serial = Guid.NewGuid().ToString("N"),
        VerificationCode = CertificateRules.NewVerificationCode(),
        UserId = holder.UserId,
        CourseCompletionId = completion.Id,
        CourseSlug = course.Slug,
        CourseTitle = course.Title,
        ContentVersion = course.ContentVersion,
        HolderName = holder.DisplayName,
        EmployeeNumber = holder.EmployeeNumber,
        BranchName = holder.BranchName,
        IssuedAtUtc = issuedAtUtc,
        ExpiresAtUtc = CertificateRules.ExpiryFor(issuedAtUtc, course.CertificateValidityMonths, calendar),
    };

    /// <summary>The serial carries the year of issue in the bank's calendar: early on 1 January in Shanghai is still 31 December in UTC.</summary>
    public static void Number(Certificate certificate, BankCalendar calendar) =>
        certificate.Serial = CertificateRules.Serial(calendar.DateOf(certificate.IssuedAtUtc).Year, certificate.Id);
}
