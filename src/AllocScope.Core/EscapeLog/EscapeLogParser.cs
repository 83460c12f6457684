using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// The -m/-m=2 text state machine: fed one line at a time (as `go build`/`go test`/`go vet` print them), it groups
/// explanation blocks with their summary and hands each finished package to a callback, so a caller can keep
/// everything (<see cref="EscapeLogReader.Read(Stream, string, string?)"/>) or only
/// aggregates (the benchmark) with memory bounded by the largest package.
/// </summary>
public sealed class EscapeLogParser
{
    /// <summary>How many unrecognised and foreign lines are kept verbatim as examples.</summary>
    public const int ExampleLimit = 20;
    public const int ForeignLimit = 1000;

    // Messages of build errors and vet that may share a log with -m output; they are kept aside as foreign lines.
    private static readonly string[] s_buildErrorMarkers =
    [
        "syntax error", "undefined: ", "imported and not used", "imported but not used", "declared but not used",
        "declared and not used", "cannot use ", "missing return", "invalid operation", "not enough arguments",
        "too many arguments", "too many errors", "assignment mismatch", "cannot assign", "redeclared", "has no field or method",
        "no new variables", "cannot convert", "missing function body", "is not used", "not enough return values",
        "too many return values", "unknown field", "invalid argument", "cannot infer", "cannot range over",
        "non-boolean condition", "undefined (type", "is not a type", "is not an expression", "defined and not used", "unreachable code",
        "possible misuse of", "result of fmt.", "call has possible", "fmt.Sprintf format", "fmt.Printf format", "fmt.Errorf format",
        "unkeyed fields", "self-assignment of", "loop variable", "the cancel function", "struct field tag",
    ];

    private readonly string _displayName;
    private readonly MemoryBudget? _memory;
    private readonly Action<EscapeLogPackage> _onPackage;
    private readonly StringPool _names = new();
    private readonly List<LogLine> _unrecognized = [];
    private readonly List<LogLine> _foreign = [];
    private readonly PathResolver _paths;
    private PackageBuilder _current;

    public EscapeLogParser(string displayName, string? packageDirectory, Action<EscapeLogPackage> onPackage, MemoryBudget? memory = null)
    {
        _memory = memory;
        _displayName = displayName;
        _onPackage = onPackage;
        _paths = new PathResolver(packageDirectory);
        _current = new PackageBuilder("", _names, _paths);
    }

    public string DisplayName => _displayName;

    /// <summary>Lines seen so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines with a compiler position whose message has a shape this parser does not know.</summary>
    public long UnrecognizedCount { get; private set; }

    public IReadOnlyList<LogLine> UnrecognizedExamples => _unrecognized;

    /// <summary>Lines that are not compiler diagnostics (`go: downloading`, build errors, test output), counted.</summary>
    public long ForeignCount { get; private set; }

    /// <summary>The first <see cref="ForeignLimit"/> foreign lines.</summary>
    public IReadOnlyList<LogLine> ForeignLines => _foreign;

    /// <summary>Packages finished so far.</summary>
    public int Packages { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AcceptLine(ReadOnlySpan<char> line)
    {
        Lines++;
        if (line.StartsWith("# "))
        {
            FinishPackage();
            var name = line[2..].Trim();
            var bracket = name.IndexOf(" [");
            if (bracket > 0 && name[^1] == ']')
            {
                name = name[..bracket];
            }

            _current = new PackageBuilder(_names.Get(name), _names, _paths);
            return;
        }

        if (!EscapeLogMessage.TrySplitPosition(line, out var file, out var lineNumber, out var column, out var message))
        {
            Foreign(line);
            return;
        }

        if (_current.Accept(file, lineNumber, column, message))
        {
            RecognisedAny = true;
            _memory?.Charge(line.Length + 48, _displayName, InputPosition.Line(Lines), "the escape decisions");
            return;
        }

        if (IsBuildError(message))
        {
            Foreign(line);
            return;
        }

        UnrecognizedCount++;
        if (_unrecognized.Count < ExampleLimit)
        {
            _unrecognized.Add(new LogLine(Lines, line.ToString()));
        }
    }

    /// <summary>True once a line was a compiler message this parser knows.</summary>
    public bool RecognisedAny { get; private set; }

    /// <summary>The log of the packages kept from this parser's callback, with the counts it made.</summary>
    public CompilerLog ToLog(IReadOnlyList<EscapeLogPackage> packages) =>
        CompilerLog.FromPackages(_displayName, Lines, new UnrecognizedLines(UnrecognizedCount, UnrecognizedExamples), packages, ForeignLines, ForeignCount);

    /// <summary>Ends the input: finishes the last package.</summary>
    public void Complete() => FinishPackage();

    private static bool IsBuildError(ReadOnlySpan<char> message)
    {
        foreach (var marker in s_buildErrorMarkers)
        {
            if (message.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void Foreign(ReadOnlySpan<char> line)
    {
        ForeignCount++;
        if (_foreign.Count < ForeignLimit)
        {
            _foreign.Add(new LogLine(Lines, line.ToString()));
        }
    }

    private void FinishPackage()
    {
        if (_current.IsEmpty)
        {
            return;
        }

        Packages++;
        _onPackage(_current.Finish());
    }
}
