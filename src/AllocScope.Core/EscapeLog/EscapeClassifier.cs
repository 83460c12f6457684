using AllocScope.Taxonomy;

namespace AllocScope.EscapeLog;

/// <summary>
/// Gives each decision an <see cref="AllocationKind"/> (from the expression's shape and the flow tags) and, when it
/// reaches the heap, an <see cref="EscapeReason"/> (from the flow chain). The rules are in FORMAT.md ("Classification").
/// </summary>
public static class EscapeClassifier
{
    private const int MaxInheritDepth = 6;

    /// <summary>Classifies the decisions of one package in place; roots like `{storage for &amp;T{...}}` inherit the reason of that decision.</summary>
    public static void ClassifyAll(IReadOnlyList<EscapeDecision> decisions, IReadOnlyList<CompilerNote>? notes = null)
    {
        var context = new Context(decisions, notes ?? []);
        foreach (var d in decisions)
        {
            d.Kind = KindOf(d);
        }

        foreach (var d in decisions)
        {
            d.Reason = d.Verdict.IsAboutParameter() ? EscapeReason.LeakingParam : d.Escapes ? context.ReasonOf(d, 0) : EscapeReason.Unknown;
        }
    }

    /// <summary>The allocation kind of one decision, from its verdict, expression and flow tags alone.</summary>
    public static AllocationKind KindOf(EscapeDecision d)
    {
        if (d.Verdict == EscapeVerdict.ZeroCopyConversion)
        {
            return AllocationKind.StringBytes;
        }

        if (d.Verdict.IsAboutParameter())
        {
            return AllocationKind.Unknown;
        }

        var tags = TagsOf(d);
        if ((tags & FlowTags.TooLarge) != 0)
        {
            return AllocationKind.TooLarge;
        }

        if (d.Verdict == EscapeVerdict.MovedToHeap)
        {
            return AllocationKind.NewObject;
        }

        var e = d.Expression;
        var shaped = KindOfExpression(e, (tags & FlowTags.NonConstantSize) != 0);
        if (shaped is not null)
        {
            return shaped.Value;
        }

        // Anything else that escapes is the implicit conversion of a value to an interface: the compiler prints the
        // converted operand (`x`, `~R0`, `len(m)`, `T{...}`) and only names (ONAME) are reported as "moved to heap".
        return d.Verdict == EscapeVerdict.EscapesToHeap ? AllocationKind.InterfaceBox : AllocationKind.Unknown;
    }

    /// <summary>The kind an expression's shape says it is, or null when the shape is not an allocating one.</summary>
    public static AllocationKind? KindOfExpression(string e, bool nonConstantSize = false)
    {
        if (e.StartsWith("make(map[", StringComparison.Ordinal) || e.StartsWith("map[", StringComparison.Ordinal))
        {
            return AllocationKind.MapNew;
        }

        if (e.StartsWith("make(chan", StringComparison.Ordinal) || e.StartsWith("new(", StringComparison.Ordinal) || e.StartsWith('&'))
        {
            return AllocationKind.NewObject;
        }

        if (e.StartsWith("make(", StringComparison.Ordinal) || e.StartsWith("[]", StringComparison.Ordinal) || e == "... argument")
        {
            return nonConstantSize ? AllocationKind.NonconstSize : AllocationKind.SliceMake;
        }

        if (e == "func literal")
        {
            return AllocationKind.Closure;
        }

        if (e.StartsWith("([]byte)(", StringComparison.Ordinal) || e.StartsWith("([]rune)(", StringComparison.Ordinal)
            || e.StartsWith("([]uint8)(", StringComparison.Ordinal) || e.StartsWith("([]int32)(", StringComparison.Ordinal)
            || e.StartsWith("string(", StringComparison.Ordinal))
        {
            return AllocationKind.StringBytes;
        }

        if (e == "append" || e.StartsWith("append(", StringComparison.Ordinal))
        {
            return AllocationKind.SliceGrowth;
        }

        if (IsStringConcatenation(e))
        {
            return AllocationKind.StringConcat;
        }

        return null;
    }

    /// <summary>`a + b` at the top level of the expression with no numeric literal operand (`n + 1` is boxed arithmetic).</summary>
    internal static bool IsStringConcatenation(string e)
    {
        var depth = 0;
        var inString = false;
        var found = false;
        var operandStart = 0;
        for (var i = 0; i < e.Length; i++)
        {
            var c = e[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            depth += EscapeExpressions.BracketDelta(c);
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '+' when depth == 0 && i > 0 && e[i - 1] == ' ' && i + 1 < e.Length && e[i + 1] == ' ':
                    if (IsNumber(e.AsSpan(operandStart, i - 1 - operandStart)))
                    {
                        return false;
                    }

                    found = true;
                    operandStart = i + 2;
                    break;
            }
        }

        return found && !IsNumber(e.AsSpan(operandStart));
    }

    private static bool IsNumber(ReadOnlySpan<char> operand)
    {
        operand = operand.Trim();
        return !operand.IsEmpty && char.IsAsciiDigit(operand[0]);
    }

    private static FlowTags TagsOf(EscapeDecision d)
    {
        var tags = FlowTags.None;
        // Indexed: a foreach over the interface would allocate an enumerator per decision.
        var explanations = d.Explanations;
        for (var i = 0; i < explanations.Count; i++)
        {
            tags |= explanations[i].Facts.Tags;
        }

        return tags;
    }

    private sealed class Context
    {
        private readonly Dictionary<(string File, string Expression), List<EscapeDecision>> _byExpression = [];
        private readonly HashSet<string> _functionsWithCaptures = new(StringComparer.Ordinal);
        private readonly Dictionary<(string File, string Function), List<(int Line, int Column)>> _captures = [];

        public Context(IReadOnlyList<EscapeDecision> decisions, IReadOnlyList<CompilerNote> notes)
        {
            foreach (var d in decisions)
            {
                var explanations = d.Explanations;
                for (var i = 0; i < explanations.Count; i++)
                {
                    var captures = explanations[i].Facts.Captures;
                    if (captures.Count > 0)
                    {
                        if (!_captures.TryGetValue((d.File, d.Function), out var captured))
                        {
                            captured = [];
                            _captures[(d.File, d.Function)] = captured;
                        }

                        captured.AddRange(captures);
                    }
                }

                if (!d.Escapes)
                {
                    continue;
                }

                var key = (d.File, d.Expression);
                if (!_byExpression.TryGetValue(key, out var list))
                {
                    list = [];
                    _byExpression[key] = list;
                }

                list.Add(d);
            }

            foreach (var n in notes)
            {
                if (n.Kind == CompilerNoteKind.ClosureCapture)
                {
                    _functionsWithCaptures.Add(n.Function);
                }
            }
        }

        public EscapeReason ReasonOf(EscapeDecision d, int depth)
        {
            var tags = TagsOf(d);
            if ((tags & FlowTags.TooLarge) != 0)
            {
                return EscapeReason.TooLargeForStack;
            }

            if (d.Kind == AllocationKind.InterfaceBox)
            {
                return EscapeReason.InterfaceConverted;
            }

            if (d.Kind == AllocationKind.Closure && CapturesVariables(d))
            {
                return EscapeReason.CapturedByClosure;
            }

            if ((tags & FlowTags.CapturedByClosure) != 0)
            {
                return EscapeReason.CapturedByClosure;
            }

            if (d.Explanations.Count == 0)
            {
                return (tags & FlowTags.NonConstantSize) != 0 ? EscapeReason.NonConstantSize : EscapeReason.Unknown;
            }

            // Several flows: the deciding one is the flow that forces the heap. A store into a heap object beats a
            // non-constant size (a constant size would still escape), which beats an unexplained one.
            var pointerShaped = IsPointerShaped(d);
            var best = EscapeReason.Unknown;
            var explanations = d.Explanations;
            for (var i = 0; i < explanations.Count; i++)
            {
                var facts = explanations[i].Facts;
                var reason = (facts.Tags & FlowTags.NonConstantSize) != 0
                    ? EscapeReason.NonConstantSize
                    : ReasonFromFlow(d, facts, !pointerShaped && (facts.Tags & FlowTags.InterfaceConverted) != 0, depth);
                if (Strength(reason) > Strength(best))
                {
                    best = reason;
                }
            }

            return best;
        }

        /// <summary>How strongly a flow's reason forces the heap, for choosing among several flows of one allocation.</summary>
        private static int Strength(EscapeReason reason) => reason switch
        {
            EscapeReason.Unknown => 0,
            EscapeReason.NonConstantSize => 1,
            EscapeReason.AddressTaken => 2,
            _ => 3,
        };

        /// <summary>
        /// A pointer-shaped value (`&amp;x`, `new(T)`, a map, a chan, a moved variable's address): converting it to an
        /// interface stores the pointer and never allocates, so an `interface-converted` step is not why it is on the heap.
        /// </summary>
        private static bool IsPointerShaped(EscapeDecision d) =>
            d.Verdict == EscapeVerdict.MovedToHeap || d.Expression.StartsWith('&') || d.Expression.StartsWith("new(", StringComparison.Ordinal)
            || d.Expression.StartsWith("make(map[", StringComparison.Ordinal) || d.Expression.StartsWith("make(chan", StringComparison.Ordinal);

        private EscapeReason ReasonFromFlow(EscapeDecision d, ExplanationFacts facts, bool anyInterface, int depth)
        {
            // The last edge reaches the root: where the value ends up that outlives it.
            if (facts.Root is not { } root)
            {
                return anyInterface ? EscapeReason.InterfaceConverted : EscapeReason.Unknown;
            }

            if (facts.ReturnedAfterRoot || IsResultName(root))
            {
                return EscapeReason.Returned;
            }

            if (root == "{heap}")
            {
                if (anyInterface)
                {
                    return EscapeReason.InterfaceConverted;
                }

                return facts.CallParameterAfterRoot ? EscapeReason.CallParameter : EscapeReason.StoredInHeap;
            }

            // Rooted at another location that outlives the value: its own decision says why.
            var inherited = Inherit(d, root, depth);
            if (inherited != EscapeReason.Unknown)
            {
                return inherited;
            }

            if (anyInterface)
            {
                return EscapeReason.InterfaceConverted;
            }

            return EscapeReason.AddressTaken;
        }

        private EscapeReason Inherit(EscapeDecision d, string root, int depth)
        {
            if (depth >= MaxInheritDepth)
            {
                return EscapeReason.Unknown;
            }

            var expression = root.StartsWith("{storage for ", StringComparison.Ordinal) && root.EndsWith('}')
                ? root["{storage for ".Length..^1]
                : root;
            if (!_byExpression.TryGetValue((d.File, expression), out var candidates))
            {
                return EscapeReason.Unknown;
            }

            // The nearest decision for that expression in the same function (inlined copies repeat expressions).
            EscapeDecision? best = null;
            foreach (var c in candidates)
            {
                if (ReferenceEquals(c, d) || c.Function != d.Function)
                {
                    continue;
                }

                if (best is null || Distance(c, d) < Distance(best, d))
                {
                    best = c;
                }
            }

            return best is null ? EscapeReason.Unknown : ReasonOf(best, depth + 1);
        }

        private static int Distance(EscapeDecision a, EscapeDecision b) => Math.Abs(a.Line - b.Line);

        private bool CapturesVariables(EscapeDecision literal)
        {
            if (_functionsWithCaptures.Contains(literal.Function))
            {
                return true;
            }

            // -m=2 without capture notes (-json=0): a variable is captured at or after the literal.
            if (_captures.TryGetValue((literal.File, literal.Function), out var captures))
            {
                foreach (var s in captures)
                {
                    if (s.Line > literal.Line || (s.Line == literal.Line && s.Column >= literal.Column))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsResultName(string location) =>
            location.Length >= 3 && location[0] == '~' && location[1] == 'r' && char.IsAsciiDigit(location[2]);
    }
}
