using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// Writes a status definition from <see cref="TrainingStatuses"/> as a SQL condition over the RequiredCourses
/// columns, for the one hand-written statement (the report totals), so that it cannot drift from the LINQ queries.
/// It knows only the shapes the definitions use: null tests, comparisons, AND and OR.
/// </summary>
public sealed class StatusSql(PortalDbContext db, string nowParameter, string todayParameter)
{
    private readonly Microsoft.EntityFrameworkCore.Metadata.IEntityType _table = db.Model.FindEntityType(typeof(RequiredCourse))!;

    public string Condition(TrainingStatus status)
    {
        var definition = TrainingStatuses.Definition<RequiredCourse>(status);
        return "(" + Write(definition.Body, definition.Parameters[0], definition.Parameters[1]) + ")";
    }

    private string Write(Expression node, ParameterExpression row, ParameterExpression moment) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso } b => $"({Write(b.Left, row, moment)} AND {Write(b.Right, row, moment)})",
        BinaryExpression { NodeType: ExpressionType.OrElse } b => $"({Write(b.Left, row, moment)} OR {Write(b.Right, row, moment)})",
        BinaryExpression { NodeType: ExpressionType.Equal, Right: ConstantExpression { Value: null } } b => $"{Write(b.Left, row, moment)} IS NULL",
        BinaryExpression { NodeType: ExpressionType.NotEqual, Right: ConstantExpression { Value: null } } b => $"{Write(b.Left, row, moment)} IS NOT NULL",
        BinaryExpression b => $"{Write(b.Left, row, moment)} {Operator(b.NodeType)} {Write(b.Right, row, moment)}",
        UnaryExpression { NodeType: ExpressionType.Convert } u => Write(u.Operand, row, moment),
        MemberExpression m when Unconvert(m.Expression) == row => $"\"{_table.FindProperty(m.Member.Name)!.GetColumnName()}\"",
        MemberExpression m when Unconvert(m.Expression) == moment => m.Member.Name switch
        {
            nameof(StatusMoment.NowUtc) => nowParameter,
            nameof(StatusMoment.Today) => todayParameter,
            _ => throw Unsupported(m),
        },
        _ => throw Unsupported(node),
    };

    private static Expression? Unconvert(Expression? node) => node is UnaryExpression { NodeType: ExpressionType.Convert } u ? u.Operand : node;

    private static string Operator(ExpressionType type) => type switch
    {
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        ExpressionType.Equal => "=",
        ExpressionType.NotEqual => "<>",
        _ => throw new NotSupportedException($"A status definition uses {type}, which StatusSql cannot write."),
    };

    private static NotSupportedException Unsupported(Expression node) => new($"A status definition uses '{node}', which StatusSql cannot write.");
}
