using System.Linq.Expressions;

namespace TrainingPortal.Core.Assignments;

public enum TrainingStatus
{
    NotStarted,
    InProgress,
    Completed,
    Overdue,
    CertificateExpired,
}

/// <summary>The dates a required course's status is read from.</summary>
public interface ITrainingDates
{
    DateOnly DueOn { get; }
    DateTime? StartedAtUtc { get; }
    DateTime? CertifiedAtUtc { get; }
    DateTime? CertificateExpiresAtUtc { get; }
}

public sealed record TrainingDates(DateOnly DueOn, DateTime? StartedAtUtc, DateTime? CertifiedAtUtc, DateTime? CertificateExpiresAtUtc) : ITrainingDates;

/// <summary>
/// The instant a status is judged at, with the bank's calendar date at that instant (see BankCalendar.MomentAt).
/// Queries read its members, so the database gets them as parameters.
/// </summary>
public sealed class StatusMoment(DateTime nowUtc, DateOnly today)
{
    public DateTime NowUtc { get; } = nowUtc;
    public DateOnly Today { get; } = today;

    /// <summary>The UTC calendar day of <see cref="NowUtc"/>: the day certificate expiries are counted by in the summary counts.</summary>
    public DateOnly UtcToday => DateOnly.FromDateTime(NowUtc);
}

/// <summary>
/// The training status of a required course, defined once as expressions: the database filters, projects and
/// counts with them, and the same definitions compiled answer in memory. A standing certificate means completed,
/// whatever the due date; a certificate that has lapsed is its own state, because HR chases renewals differently
/// from first-timers.
/// </summary>
public static class TrainingStatuses
{
    /// <summary>Every status in the order a row is tested against them; the last one is what remains.</summary>
    public static readonly IReadOnlyList<TrainingStatus> InPrecedence =
        [TrainingStatus.Completed, TrainingStatus.CertificateExpired, TrainingStatus.Overdue, TrainingStatus.InProgress, TrainingStatus.NotStarted];

    public static Expression<Func<T, StatusMoment, bool>> Definition<T>(TrainingStatus status) where T : ITrainingDates => status switch
    {
        TrainingStatus.Completed => (r, at) => r.CertifiedAtUtc != null && (r.CertificateExpiresAtUtc == null || r.CertificateExpiresAtUtc > at.NowUtc),
        TrainingStatus.CertificateExpired => (r, at) => r.CertifiedAtUtc != null && r.CertificateExpiresAtUtc <= at.NowUtc,
        TrainingStatus.Overdue => (r, at) => r.CertifiedAtUtc == null && r.DueOn < at.Today,
        TrainingStatus.InProgress => (r, at) => r.CertifiedAtUtc == null && r.DueOn >= at.Today && r.StartedAtUtc != null,
        TrainingStatus.NotStarted => (r, at) => r.CertifiedAtUtc == null && r.DueOn >= at.Today && r.StartedAtUtc == null,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>What a person still has to do something about: the courses HR chases.</summary>
    public static readonly IReadOnlyList<TrainingStatus> Unfinished = [TrainingStatus.Overdue, TrainingStatus.InProgress, TrainingStatus.NotStarted];

    /// <summary>Rows in any of <paramref name="statuses"/> at <paramref name="at"/>, for a query's Where.</summary>
    public static Expression<Func<T, bool>> IsAny<T>(IEnumerable<TrainingStatus> statuses, StatusMoment at) where T : ITrainingDates
    {
        var row = Expression.Parameter(typeof(T), "r");
        var body = statuses.Select(status => new ParameterSwap(Definition<T>(status), row, Expression.Constant(at)).Body).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    /// <summary>Rows in <paramref name="status"/> at <paramref name="at"/>, for a query's Where.</summary>
    public static Expression<Func<T, bool>> Is<T>(TrainingStatus status, StatusMoment at) where T : ITrainingDates =>
        Bind(Definition<T>(status), at);

    /// <summary>Each row's status at <paramref name="at"/>, for a query's Select or OrderBy.</summary>
    public static Expression<Func<T, TrainingStatus>> StatusAt<T>(StatusMoment at) where T : ITrainingDates =>
        Bind(Projection<T>(), at);

    public static TrainingStatus Of(ITrainingDates dates, StatusMoment at) => Compiled.Status(dates, at);

    public static TrainingStatus Of(DateOnly dueOn, DateTime? startedAtUtc, DateTime? certifiedAtUtc, DateTime? certificateExpiresAtUtc, StatusMoment at) =>
        Of(new TrainingDates(dueOn, startedAtUtc, certifiedAtUtc, certificateExpiresAtUtc), at);

    private static Expression<Func<T, StatusMoment, TrainingStatus>> Projection<T>() where T : ITrainingDates
    {
        var row = Expression.Parameter(typeof(T), "r");
        var moment = Expression.Parameter(typeof(StatusMoment), "at");
        Expression body = Expression.Constant(InPrecedence[^1]);
        foreach (var status in InPrecedence.Reverse().Skip(1))
        {
            var test = new ParameterSwap(Definition<T>(status), row, moment).Body;
            body = Expression.Condition(test, Expression.Constant(status), body);
        }

        return Expression.Lambda<Func<T, StatusMoment, TrainingStatus>>(body, row, moment);
    }

    private static Expression<Func<T, TResult>> Bind<T, TResult>(Expression<Func<T, StatusMoment, TResult>> definition, StatusMoment moment)
    {
        var row = definition.Parameters[0];
        var body = new ParameterSwap(definition, row, Expression.Constant(moment)).Body;
        return Expression.Lambda<Func<T, TResult>>(body, row);
    }

    /// <summary>Puts other expressions in place of a two-parameter definition's row and moment parameters.</summary>
    private sealed class ParameterSwap : ExpressionVisitor
    {
        private readonly Dictionary<ParameterExpression, Expression> _replacements;

        public ParameterSwap(LambdaExpression definition, Expression row, Expression moment)
        {
            _replacements = new() { [definition.Parameters[0]] = row, [definition.Parameters[1]] = moment };
            Body = Visit(definition.Body);
        }

        public Expression Body { get; }

        protected override Expression VisitParameter(ParameterExpression node) => _replacements.GetValueOrDefault(node, node);
    }

    private static class Compiled
    {
        public static readonly Func<ITrainingDates, StatusMoment, TrainingStatus> Status = Projection<ITrainingDates>().Compile();
    }
}
