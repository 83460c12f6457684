namespace AllocScope.Sites;

/// <summary>
/// Code facts from the statement's tokens alone (<see cref="GoStatement"/>), for machines without Go: no types, no
/// destinations beyond what the text shows. The report says when these were used.
/// </summary>
public sealed class TokenFacts(GoSourceTree source) : ICodeFacts
{
    public string Description => "the statements' tokens (Go is not installed: no types)";

    public void Prepare(IReadOnlyCollection<CodePoint> points)
    {
    }

    public StatementFacts? At(CodePoint point)
    {
        if (source.Find(point.File) is not { } file)
        {
            return null;
        }

        var statement = GoStatement.Parse(file.Line(point.Line));
        var exprs = new List<ExprFact>();
        if (statement.IndexWriteTarget is { } target)
        {
            exprs.Add(new ExprFact { Kind = ExprKind.MapAssign, Target = target, Dest = "map" });
        }

        void Add(bool present, ExprKind kind, string text = "")
        {
            if (present)
            {
                exprs.Add(new ExprFact { Kind = kind, Text = text });
            }
        }

        Add(statement.HasAppend, ExprKind.Append);
        Add(statement.HasMakeMap, ExprKind.MakeMap);
        Add(statement.HasMakeSlice, ExprKind.MakeSlice);
        Add(statement.HasFuncLiteral, ExprKind.FuncLit);
        Add(statement.HasAddressOfComposite, ExprKind.CompositeAddr);
        Add(statement.HasStringConversion, ExprKind.Conversion, "string/[]byte");
        Add(statement.HasStringConcat, ExprKind.Concat);
        if (statement.HasFmtCall)
        {
            exprs.Add(new ExprFact { Kind = ExprKind.Conversion, ToInterface = true, Callee = "fmt", Dest = "arg" });
        }

        return new StatementFacts { Statement = statement.Text, Exprs = exprs, Typed = false };
    }
}
