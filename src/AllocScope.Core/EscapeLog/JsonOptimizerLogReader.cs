using System.Globalization;
using System.Text;
using System.Text.Json;
using AllocScope.GoSource;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Reads the compiler's `-json=0,DIR` optimizer log: one directory per package, one `.json` file per source file,
/// each a version header line and then one LSP diagnostic per line (FORMAT.md, "-json=0"). Diagnostics are turned
/// into the lines -m=2 would print and fed to the same package builder, so both give the same model; what the JSON
/// log does not say (the function names of `canInlineFunction`, which escaping names are variables) is recovered
/// from the Go source when readable and from the expression shape.
/// </summary>
public static class JsonOptimizerLogReader
{
    /// <summary>Reads every `*.json` file under a -json=0 directory (sorted by path).</summary>
    public static CompilerLog ReadDirectory(string directory, string? packageDirectory = null, InputLimits? limits = null)
    {
        var walk = DirectoryWalk.Of(directory, f => f.EndsWith(".json", StringComparison.Ordinal));
        var files = walk.Files;
        if (files.Count == 0)
        {
            throw InputFormatException.Whole(directory, "no .json files: expected a -gcflags=-json=0,DIR optimizer log directory");
        }

        var state = new State(directory, packageDirectory);
        foreach (var file in files)
        {
            using var input = InputFile.Open(file, limits ?? new InputLimits());
            ReadFile(input, state);
        }

        var log = state.Finish();
        log.Warnings = walk.Skipped;
        return log;
    }

    /// <summary>Reads one -json=0 file.</summary>
    public static CompilerLog Read(InputFile input, string? packageDirectory = null)
    {
        var state = new State(input.Name, packageDirectory);
        ReadFile(input, state);
        return state.Finish();
    }

    private static void ReadFile(InputFile input, State state)
    {
        var displayName = input.Name;
        var reader = new TextLineReader(input.Content, displayName, "a -json=0 log", input.Limits.MaxStringBytes);
        Header? header = null;
        var group = new List<Diagnostic>();
        while (reader.TryReadLine(out var line))
        {
            state.Lines++;
            if (line.IsWhiteSpace())
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line.ToString());
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw InputFormatException.AtLine(displayName, reader.LineNumber, $"expected a JSON object per line (-json=0 optimizer log): {e.Message}");
            }

            if (header is null)
            {
                header = ReadHeader(root, displayName, reader.LineNumber);
                state.StartFile(header);
                continue;
            }

            var diagnostic = ReadDiagnostic(root, displayName, reader.LineNumber);
            if (group.Count > 0 && (group[0].Line != diagnostic.Line || group[0].Column != diagnostic.Column))
            {
                state.AcceptGroup(header, group);
                group.Clear();
            }

            group.Add(diagnostic);
        }

        if (header is null)
        {
            throw InputFormatException.Whole(displayName, "empty file: expected a -json=0 version header {\"version\":0,...}");
        }

        if (group.Count > 0)
        {
            state.AcceptGroup(header, group);
        }
    }

    private static Header ReadHeader(JsonElement root, string file, long line)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw InputFormatException.AtLine(file, line, "expected the -json=0 version header {\"version\":0,\"package\":...,\"file\":...}");
        }

        if (version.GetInt32() != 0)
        {
            throw InputFormatException.AtLine(file, line, $"unsupported optimizer log version {version.GetRawText()}: expected 0");
        }

        return new Header(GetString(root, "package") ?? "", GetString(root, "file") ?? "", GetString(root, "gc_version"));
    }

    private static Diagnostic ReadDiagnostic(JsonElement root, string file, long line)
    {
        if (root.ValueKind != JsonValueKind.Object || !TryGetStart(root, out var l, out var c) || GetString(root, "code") is not { } code)
        {
            throw InputFormatException.AtLine(file, line, "expected an LSP diagnostic {\"range\":...,\"code\":...,\"message\":...}");
        }

        var related = new List<Related>();
        if (root.TryGetProperty("relatedInformation", out var infos) && infos.ValueKind == JsonValueKind.Array)
        {
            foreach (var info in infos.EnumerateArray())
            {
                if (!info.TryGetProperty("location", out var location) || !TryGetStart(location, out var rl, out var rc))
                {
                    throw InputFormatException.AtLine(file, line, "expected relatedInformation entries with a location range");
                }

                related.Add(new Related(UriToPath(GetString(location, "uri") ?? ""), rl, rc, GetString(info, "message") ?? ""));
            }
        }

        return new Diagnostic(l, c, code, GetString(root, "message") ?? "", related);
    }

    private static bool TryGetStart(JsonElement element, out int line, out int column)
    {
        line = 0;
        column = 0;
        if (!element.TryGetProperty("range", out var range) || !range.TryGetProperty("start", out var start)
            || !start.TryGetProperty("line", out var l) || !start.TryGetProperty("character", out var c)
            || !l.TryGetInt32(out line) || !c.TryGetInt32(out column))
        {
            return false;
        }

        return true;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string UriToPath(string uri) =>
        uri.StartsWith("file://", StringComparison.Ordinal) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.LocalPath : uri;

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsLetterOrDigit(ch) || ch == '_');

    private sealed record Header(string Package, string File, string? GoVersion);

    private sealed record Related(string File, int Line, int Column, string Message);

    private sealed record Diagnostic(int Line, int Column, string Code, string Message, IReadOnlyList<Related> Related);

    private sealed class State(string source, string? packageDirectory)
    {
        private readonly StringPool _names = new();
        private readonly PathResolver _paths = new(packageDirectory);
        private readonly Dictionary<string, PackageBuilder> _packages = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly List<LogLine> _unrecognized = [];
        private long _unrecognizedCount;

        public long Lines { get; set; }

        public void StartFile(Header header)
        {
            if (!_packages.ContainsKey(header.Package))
            {
                _packages[header.Package] = new PackageBuilder(_names.Get(header.Package), _names, _paths);
                _order.Add(header.Package);
            }
        }

        /// <summary>All diagnostics at one position: explanations first, then the summaries they pair with.</summary>
        public void AcceptGroup(Header header, List<Diagnostic> group)
        {
            var builder = _packages[header.Package];
            var file = header.File;
            var source = ResolveSourceFile(header.File);
            var explained = new List<string>();
            var summaries = 0;
            foreach (var d in group)
            {
                switch (d.Code)
                {
                    case "escape" when d.Message.Length == 0:
                        summaries++;
                        break;
                    case "escape" or "escapes" or "leak":
                        Feed(builder, file, d.Line, d.Column, d.Message + ":");
                        foreach (var r in d.Related)
                        {
                            if (r.Message.StartsWith("escflow: ", StringComparison.Ordinal))
                            {
                                var step = r.Message["escflow: ".Length..];
                                var text = step.TrimStart().StartsWith("from ", StringComparison.Ordinal)
                                    ? $"{step} at {SourcePosition.Format(r.File, r.Line, r.Column)}"
                                    : step;
                                Feed(builder, file, d.Line, d.Column, text);
                            }
                        }

                        if (d.Code != "leak" && d.Message.EndsWith(EscapeLogMessage.EscapesToHeap, StringComparison.Ordinal))
                        {
                            explained.Add(d.Message[..^EscapeLogMessage.EscapesToHeap.Length]);
                        }

                        break;
                    case "canInlineFunction":
                        var name = FunctionName(source, d.Line);
                        int? cost = d.Message.StartsWith("cost: ", StringComparison.Ordinal) && int.TryParse(d.Message.AsSpan("cost: ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
                        var canInline = name.Length > 0 ? $"can inline {name}" : "can inline";
                        builder.AddInlining(header.File, d.Line, d.Column, InliningVerdict.CanInline, name, cost is null ? canInline : $"{canInline} with cost {cost}", cost);
                        break;
                    case "cannotInlineFunction":
                        name = FunctionName(source, d.Line);
                        builder.AddInlining(header.File, d.Line, d.Column, InliningVerdict.CannotInline, name, $"cannot inline {name}: {d.Message}", reason: d.Message);
                        break;
                    case "cannotInlineCall":
                        builder.AddInlining(header.File, d.Line, d.Column, InliningVerdict.CannotInlineCall, "", $"cannot inline call: {d.Message}", reason: d.Message);
                        break;
                    case "nilcheck" or "isInBounds" or "isSliceInBounds" or "copy":
                        // SSA checks are not about allocation.
                        break;
                    default:
                        Unrecognized(header.File, d);
                        break;
                }
            }

            // The summary `escape ""` is printed for expressions only; named variables (moved to heap) get none.
            // Pair summaries with explained expressions first, then with the rest.
            var expressions = explained.Where(e => !IsIdentifier(e)).Concat(explained.Where(IsIdentifier)).ToList();
            for (var i = 0; i < expressions.Count; i++)
            {
                var message = i < summaries ? $"{expressions[i]} escapes to heap" : $"moved to heap: {expressions[i]}";
                Feed(builder, file, group[0].Line, group[0].Column, message);
            }

            for (var i = expressions.Count; i < summaries; i++)
            {
                Feed(builder, file, group[0].Line, group[0].Column, "(unexplained) escapes to heap");
            }
        }

        public CompilerLog Finish() => CompilerLog.FromPackages(source, Lines, new UnrecognizedLines(_unrecognizedCount, _unrecognized),
            [.. _order.Select(name => _packages[name].Finish())], [], 0);

        private void Feed(PackageBuilder builder, string file, int line, int column, string message)
        {
            if (!builder.Accept(file, line, column, message))
            {
                _unrecognizedCount++;
                if (_unrecognized.Count < EscapeLogParser.ExampleLimit)
                {
                    _unrecognized.Add(new LogLine(Lines, $"{SourcePosition.Format(file, line, column)}: {message}"));
                }
            }
        }

        private void Unrecognized(string file, Diagnostic d)
        {
            _unrecognizedCount++;
            if (_unrecognized.Count < EscapeLogParser.ExampleLimit)
            {
                _unrecognized.Add(new LogLine(Lines, $"{SourcePosition.Format(file, d.Line, d.Column)}: {d.Code}: {d.Message}"));
            }
        }

        // The log names absolute paths of the machine that compiled; when that file is not here, look for the
        // same base name in the package directory the caller gave.
        private string ResolveSourceFile(string file)
        {
            if (packageDirectory is not null && !File.Exists(file))
            {
                var local = Path.Combine(packageDirectory, SourcePaths.BaseName(file));
                if (File.Exists(local))
                {
                    return local;
                }
            }

            return file;
        }

        private string FunctionName(string file, int line) => _sources.Get(file)?.FunctionAt(line) ?? "";

        private readonly SourceFileCache _sources = new();
    }
}
