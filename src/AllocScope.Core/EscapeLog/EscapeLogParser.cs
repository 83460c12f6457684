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
    private readonly long _sequenceBase;
    private readonly bool _startsInsidePackage;
    private readonly bool _keepDetail;
    private PackageBuilder _current;
    private long _uncharged;

    // The position text (`file:line:col: `) of the open explanation: most lines are its steps, and a line that starts
    // with the same text has the same position, so it is not parsed again.
    private char[] _openPosition = new char[256];
    private int _openPositionLength;

    // A message whose raw string runs on over lines, until the literal closes.
    private RunOnMessage? _message;

    public EscapeLogParser(string displayName, string? packageDirectory, Action<EscapeLogPackage> onPackage, MemoryBudget? memory = null)
        : this(displayName, packageDirectory, onPackage, memory, 0, false, true)
    {
    }

    /// <summary>A parser of one range of a file (<see cref="EscapeLogRanges"/>).</summary>
    /// <param name="sequenceBase">Orders this range's messages after those of the ranges before it.</param>
    /// <param name="startsInsidePackage">The range does not start at the top of the file: until its first `# pkg` header
    /// its messages belong to a package an earlier range started, kept unfinished as <see cref="Leading"/>.</param>
    /// <param name="keepDetail">Keep the messages and the explanations' flow steps (false: a read that only counts and classifies).</param>
    internal EscapeLogParser(string displayName, string? packageDirectory, Action<EscapeLogPackage> onPackage, MemoryBudget? memory,
        long sequenceBase, bool startsInsidePackage, bool keepDetail)
    {
        _keepDetail = keepDetail;
        _memory = memory;
        _displayName = displayName;
        _onPackage = onPackage;
        _paths = new PathResolver(packageDirectory);
        _sequenceBase = sequenceBase;
        _startsInsidePackage = startsInsidePackage;
        _current = new PackageBuilder("", _names, _paths, sequenceBase, keepDetail);
    }

    /// <summary>For a range that starts inside a package: that package's messages before the range's first header.</summary>
    internal PackageBuilder? Leading { get; private set; }

    /// <summary>True once a `# pkg` header was read.</summary>
    internal bool SawHeader { get; private set; }

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
        if (_message is not null)
        {
            ContinueMessage(line);
            return;
        }

        // The compiler prints an expression's raw strings as written, newlines included: a message that ends inside one
        // goes on over the next lines, and is read as one message once the literal closes.
        if (line.Contains('`') && EscapeLogMessage.TrySplitPosition(line, out _, out _, out _, out var text)
            && EscapeLogMessage.EndsInsideRawString(text, insideRaw: false))
        {
            _message = new RunOnMessage(Lines, line.ToString());
            return;
        }

        AcceptMessage(line, Lines);
    }

    /// <summary>True when a range ended inside a message that runs on over lines (the next range was cut inside it).</summary>
    internal bool EndsInsideMessage => _message is not null;

    private void ContinueMessage(ReadOnlySpan<char> line)
    {
        var message = _message!;
        message.Add(line);
        if (!EscapeLogMessage.EndsInsideRawString(line, insideRaw: true))
        {
            _message = null;
            AcceptMessage(message.Joined(), message.FirstLine);
        }
        else if (message.Length > MaxMessageChars)
        {
            // Not a message: a raw string that never closes. Its lines are read one by one after all.
            _message = null;
            ReadApart(message);
        }
    }

    private void ReadApart(RunOnMessage message)
    {
        for (var i = 0; i < message.Lines.Count; i++)
        {
            AcceptMessage(message.Lines[i], message.FirstLine + i);
        }
    }

    // One message, of one line or joined from several; its number is its first line's.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AcceptMessage(ReadOnlySpan<char> line, long number)
    {
        if (line.StartsWith("# "))
        {
            if (_startsInsidePackage && !SawHeader)
            {
                Leading = _current;
            }
            else
            {
                FinishPackage();
            }

            SawHeader = true;
            var name = line[2..].Trim();
            var bracket = name.IndexOf(" [");
            if (bracket > 0 && name[^1] == ']')
            {
                name = name[..bracket];
            }

            _current = new PackageBuilder(_names.Get(name), _names, _paths, _sequenceBase, _keepDetail);
            _openPositionLength = 0;
            return;
        }

        var open = _openPositionLength;
        if (open > 0 && line.Length > open && line[open] == ' ' && line.StartsWith(_openPosition.AsSpan(0, open))
            && _current.TryAcceptStep(line[open..]))
        {
            Kept(line);
            return;
        }

        if (!EscapeLogMessage.TrySplitPosition(line, out var file, out var lineNumber, out var column, out var message))
        {
            Foreign(line, number);
            return;
        }

        if (_current.Accept(file, lineNumber, column, message))
        {
            RememberOpenPosition(line[..^message.Length]);
            Kept(line);
            return;
        }

        // (An indented line at another position leaves the explanation open, and its position with it.)
        if (!_current.HasOpenExplanation)
        {
            _openPositionLength = 0;
        }

        if (IsBuildError(message))
        {
            Foreign(line, number);
            return;
        }

        UnrecognizedCount++;
        if (_unrecognized.Count < ExampleLimit)
        {
            _unrecognized.Add(new LogLine(number, line.ToString()));
        }
    }

    private void RememberOpenPosition(ReadOnlySpan<char> position)
    {
        if (!_current.HasOpenExplanation)
        {
            _openPositionLength = 0;
            return;
        }

        if (_openPosition.Length < position.Length)
        {
            _openPosition = new char[Math.Max(position.Length, _openPosition.Length * 2)];
        }

        position.CopyTo(_openPosition);
        _openPositionLength = position.Length;
    }

    private void Kept(ReadOnlySpan<char> line)
    {
        RecognisedAny = true;

        // Charged in steps: one shared counter updated per line would be contended by the range readers.
        _uncharged += line.Length + 48;
        if (_uncharged >= ChargeStep)
        {
            ChargeKept();
        }
    }

    /// <summary>True once a line was a compiler message this parser knows.</summary>
    public bool RecognisedAny { get; private set; }

    /// <summary>The log of the packages kept from this parser's callback, with the counts it made.</summary>
    public CompilerLog ToLog(IReadOnlyList<EscapeLogPackage> packages) =>
        CompilerLog.FromPackages(_displayName, Lines, new UnrecognizedLines(UnrecognizedCount, UnrecognizedExamples), packages, ForeignLines, ForeignCount);

    /// <summary>Ends the input: finishes the last package (a raw string still open at the end is read line by line).</summary>
    public void Complete()
    {
        if (_message is { } open)
        {
            _message = null;
            ReadApart(open);
        }

        ChargeKept();
        FinishPackage();
    }

    /// <summary>Ends a range: its last package, unfinished, for the next range to continue (<see cref="PackageBuilder.Absorb"/>).</summary>
    internal PackageBuilder CompleteRange()
    {
        ChargeKept();
        return _current;
    }

    private const int ChargeStep = 1 << 20;

    /// <summary>How long a message running on over lines may grow before its raw string is taken for one that never closes.</summary>
    internal const int MaxMessageChars = 16 << 20;

    private void ChargeKept()
    {
        if (_uncharged > 0)
        {
            _memory?.Charge(_uncharged, _displayName, InputPosition.Line(Lines), "the escape decisions");
            _uncharged = 0;
        }
    }

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

    private void Foreign(ReadOnlySpan<char> line, long number)
    {
        ForeignCount++;
        if (_foreign.Count < ForeignLimit)
        {
            _foreign.Add(new LogLine(number, line.ToString()));
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

    /// <summary>The lines of a message that runs on, joined with the newlines the compiler printed.</summary>
    private sealed class RunOnMessage(long firstLine, string first)
    {
        public long FirstLine { get; } = firstLine;

        public List<string> Lines { get; } = [first];

        public int Length { get; private set; } = first.Length;

        public void Add(ReadOnlySpan<char> line)
        {
            Lines.Add(line.ToString());
            Length += line.Length + 1;
        }

        public string Joined() => string.Join('\n', Lines);
    }
}
