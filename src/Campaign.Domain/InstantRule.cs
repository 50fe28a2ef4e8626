using System.Linq.Expressions;

namespace Campaign.Domain;

/// <summary>
/// A rule about an entity at an instant, written once as an expression so that the entity can answer it in memory
/// (compiled once) and EF Core can translate it into a query (see <see cref="At"/>).
/// </summary>
internal sealed class InstantRule<T>
{
    private readonly Expression<Func<T, DateTime, bool>> rule;
    private readonly Func<T, DateTime, bool> compiled;

    public InstantRule(Expression<Func<T, DateTime, bool>> rule)
    {
        this.rule = rule;
        compiled = rule.Compile();
    }

    /// <summary>The rule with a part that does not depend on the instant in front: both must hold.</summary>
    public InstantRule(Expression<Func<T, bool>> always, Expression<Func<T, DateTime, bool>> atInstant)
        : this(Expression.Lambda<Func<T, DateTime, bool>>(
            Expression.AndAlso(Replace(always.Body, always.Parameters[0], atInstant.Parameters[0]), atInstant.Body),
            atInstant.Parameters))
    {
    }

    public bool Holds(T item, DateTime instant) => compiled(item, instant);

    /// <summary>
    /// The rule for one instant, for a query. The instant is read from a captured object, the shape the C# compiler
    /// gives a captured local, so EF Core sends it as a parameter and one query plan serves every instant.
    /// </summary>
    public Expression<Func<T, bool>> At(DateTime instant)
    {
        var captured = Expression.Property(Expression.Constant(new Captured(instant)), nameof(Captured.Instant));
        return Expression.Lambda<Func<T, bool>>(Replace(rule.Body, rule.Parameters[1], captured), rule.Parameters[0]);
    }

    private static Expression Replace(Expression body, ParameterExpression from, Expression to) =>
        new ParameterReplacer(from, to).Visit(body);

    private sealed record Captured(DateTime Instant);

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
