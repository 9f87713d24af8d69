using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using TrainingPortal.Core.Assignments;

using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// The completion report's orders, each ending in a unique key (person, course), so that a row can be found again from
/// its key values: the next or previous page starts from the last or first row shown (keyset paging) rather than by
/// skipping the rows before it, which costs a database as much as reading them.
/// </summary>
public sealed class ReportOrder
{
    private static readonly ConcurrentDictionary<(string Sort, bool Descending), ReportOrder> Orders = new();

    private readonly IReadOnlyList<(LambdaExpression Key, bool Descending)> _keys;
    private readonly IReadOnlyList<Func<CompletionRow, object?>> _read;

    private ReportOrder(params (LambdaExpression Key, bool Descending)[] keys)
    {
        _keys = keys;
        _read = keys.Select(k => Expression.Lambda<Func<CompletionRow, object?>>(Expression.Convert(k.Key.Body, typeof(object)), k.Key.Parameters).Compile()).ToList();
    }

    private static (LambdaExpression, bool) By<T>(Expression<Func<CompletionRow, T>> key, bool descending = false) => (key, descending);

    public static ReportOrder For(string? sort, bool descending)
    {
        var known = sort is "number" or "branch" or "course" or "due" or "status" ? sort : "name";
        return Orders.GetOrAdd((known, descending), key => Create(key.Sort, key.Descending));
    }

    private static ReportOrder Create(string sort, bool descending)
    {
        var person = By(r => r.UserId);
        var course = By(r => r.CourseSlug);
        return sort switch
        {
            "number" => new(By(r => r.EmployeeNumber, descending), course, person),
            "branch" => new(By(r => r.BranchName, descending), By(r => r.DisplayName), course, person),
            "course" => new(By(r => r.CourseSlug, descending), By(r => r.DisplayName), person),
            "due" => new(By(r => r.DueOn, descending), By(r => r.DisplayName), course, person),
            "status" => new(By(r => r.Status, descending), By(r => r.DisplayName), course, person),
            _ when descending => new(By(r => r.DisplayName, true), By(r => r.EmployeeNumber, true), By(r => r.CourseSlug, true), By(r => r.UserId, true)),
            _ => new(By(r => r.DisplayName), By(r => r.EmployeeNumber), course, person),
        };
    }

    /// <summary>The rows in this order, or in the opposite order (to read the page before a row backwards).</summary>
    public IOrderedQueryable<CompletionRow> Apply(IQueryable<CompletionRow> rows, bool reversed = false)
    {
        var expression = rows.Expression;
        for (var i = 0; i < _keys.Count; i++)
        {
            var (key, descending) = _keys[i];
            var method = (i == 0 ? "OrderBy" : "ThenBy") + (descending != reversed ? "Descending" : "");
            expression = Expression.Call(typeof(Queryable), method, [typeof(CompletionRow), key.ReturnType], expression, Expression.Quote(key));
        }

        return (IOrderedQueryable<CompletionRow>)rows.Provider.CreateQuery<CompletionRow>(expression);
    }

    /// <summary>The rows after the row with these key values in this order (before it, when <paramref name="before"/>).</summary>
    public IQueryable<CompletionRow> Beyond(IQueryable<CompletionRow> rows, Cursor cursor, bool before)
    {
        var row = Expression.Parameter(typeof(CompletionRow), "r");
        Expression? any = null;
        Expression equalSoFar = Expression.Constant(true);
        for (var i = 0; i < _keys.Count; i++)
        {
            var (key, descending) = _keys[i];
            var value = Parameter(cursor.Values[i], key.ReturnType);
            var column = new Replace(key.Parameters[0], row).Visit(key.Body);
            var further = Compare(column, value, greater: descending == before);
            var step = Expression.AndAlso(equalSoFar, further);
            any = any is null ? step : Expression.OrElse(any, step);
            equalSoFar = Expression.AndAlso(equalSoFar, Expression.Equal(column, value));
        }

        // The same condition on the first key alone, as a range the database can read from its index; the rest only
        // settles the rows that share the first key's value.
        var (firstKey, firstDescending) = _keys[0];
        var first = new Replace(firstKey.Parameters[0], row).Visit(firstKey.Body);
        var range = Compare(first, Parameter(cursor.Values[0], firstKey.ReturnType), greater: firstDescending == before, orEqual: true);
        return rows.Where(Expression.Lambda<Func<CompletionRow, bool>>(Expression.AndAlso(range, any!), row));
    }

    /// <summary>The key values of a row shown, to start the next or previous page from.</summary>
    public Cursor CursorOf(CompletionRow row) => new(_read.Select(read => read(row)).ToList());

    /// <summary>Reads a cursor back from a link; null when it is not one of this order's (edited, or from another sort).</summary>
    public Cursor? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var values = JsonSerializer.Deserialize<JsonElement[]>(Convert.FromBase64String(padded));
            if (values is null || values.Length != _keys.Count)
            {
                return null;
            }

            var read = values.Select((v, i) => v.Deserialize(_keys[i].Key.ReturnType)).ToList();
            return read.Any(v => v is string text && RefuseNulCharacters.HasNul(text)) ? null : new Cursor(read); // PostgreSQL refuses NUL in text
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    public sealed record Cursor(IReadOnlyList<object?> Values)
    {
        public string Token() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(Values)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>A value as a query parameter (a constant would make every page a new query to compile and cache).</summary>
    private static Expression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private static Expression Compare(Expression column, Expression value, bool greater, bool orEqual = false)
    {
        if (column.Type == typeof(string))
        {
            column = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, value);
            value = Expression.Constant(0);
        }
        else if (column.Type == typeof(TrainingStatus))
        {
            column = Expression.Convert(column, typeof(int));
            value = Expression.Convert(value, typeof(int));
        }

        return (greater, orEqual) switch
        {
            (true, false) => Expression.GreaterThan(column, value),
            (true, true) => Expression.GreaterThanOrEqual(column, value),
            (false, false) => Expression.LessThan(column, value),
            _ => Expression.LessThanOrEqual(column, value),
        };
    }

    private sealed class Holder<T>(T value)
    {
        public T Value { get; } = value;
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
