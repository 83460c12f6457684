using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AllocScope.Sites;

namespace AllocScope.Toolchain;

/// <summary>
/// Facts about Go code from Go's own parser and type checker: the helper in tools/gofacts (standard library only),
/// embedded in this assembly, built once per helper version and Go version into the user's cache, and run once per
/// report with every line the report needs.
/// </summary>
public sealed class GoFacts(string go, string directory, CancellationToken cancellation = default) : ICodeFacts
{
    private readonly Dictionary<CodePoint, StatementFacts> _facts = [];

    public string Description => "Go's parser and type checker (go/types, tools/gofacts)";

    /// <summary>Set when the helper could not run; the report says so and falls back to the tokens.</summary>
    public string? Failure { get; private set; }

    public void Prepare(IReadOnlyCollection<CodePoint> points)
    {
        var wanted = points.Where(p => !_facts.ContainsKey(p) && File.Exists(p.File)).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        try
        {
            var helper = Build();
            var request = JsonSerializerRequest(wanted);
            var cached = CacheEntry = GoFactsAnswerCache.PathFor(helper, request, directory, wanted);
            if (GoFactsAnswerCache.TryRead(cached) is { } answers)
            {
                FromCache = true;
                foreach (var line in answers)
                {
                    var (point, facts) = Parse(line);
                    _facts[point] = facts;
                }

                return;
            }

            var output = new List<string>();
            var outcome = ProcessRunner.Stream(new ProcessSpec(helper, []) { WorkingDirectory = directory, StandardInput = request, Environment = GoEnvironment() },
                output.Add, null, cancellation);
            if (outcome.ExitCode != 0)
            {
                Failure = outcome.Describe(new ProcessSpec("gofacts", []));
                return;
            }

            // It answers from the syntax alone when go list fails (no types); say so rather than pass it off as typed.
            if (outcome.ErrorTail.Count > 0)
            {
                Failure = $"no types for some files: {string.Join("; ", outcome.ErrorTail.Take(3))}";
            }

            foreach (var line in output)
            {
                var (point, facts) = Parse(line);
                _facts[point] = facts;
            }

            if (Failure is null)
            {
                GoFactsAnswerCache.Write(cached, output);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GoBuildFailedException or JsonException or System.ComponentModel.Win32Exception)
        {
            Failure = e.Message;
        }
    }

    public StatementFacts? At(CodePoint point) => _facts.GetValueOrDefault(point);

    /// <summary>
    /// The lines of these benchmark files that run with the timer stopped, from the helper's syntax-only pass (it
    /// parses the files and nothing else, so it is quick); null when the helper could not run.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(int From, int To)>>? UntimedLines(IReadOnlyCollection<string> files)
    {
        if (files.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<(int, int)>>();
        }

        try
        {
            var helper = Build();
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("timerFiles");
                foreach (var file in files)
                {
                    json.WriteStringValue(file);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            var output = new List<string>();
            var outcome = ProcessRunner.Stream(new ProcessSpec(helper, []) { WorkingDirectory = directory, StandardInput = Encoding.UTF8.GetString(buffer.ToArray()), Environment = GoEnvironment() },
                output.Add, null, cancellation);
            if (outcome.ExitCode != 0)
            {
                return null;
            }

            var result = new Dictionary<string, IReadOnlyList<(int, int)>>(StringComparer.Ordinal);
            foreach (var line in output)
            {
                using var doc = JsonDocument.Parse(line);
                var ranges = doc.RootElement.GetProperty("untimed").EnumerateArray().Select(r => (r[0].GetInt32(), r[1].GetInt32())).ToList();
                result[doc.RootElement.GetProperty("file").GetString()!] = ranges;
            }

            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GoBuildFailedException or JsonException or KeyNotFoundException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The answer cache entry of the last question (tests, diagnostics).</summary>
    internal string? CacheEntry { get; private set; }

    /// <summary>True when the last answers came from the cache rather than from running the helper.</summary>
    internal bool FromCache { get; private set; }

    // The helper runs `go list` and `go env`: the chosen Go goes first on PATH so it is the one they run.
    private Dictionary<string, string> GoEnvironment() => new()
    {
        ["GOFLAGS"] = Environment.GetEnvironmentVariable("GOFLAGS") ?? string.Empty,
        ["PATH"] = $"{Path.GetDirectoryName(Path.GetFullPath(go))}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
    };

    private static string JsonSerializerRequest(IReadOnlyList<CodePoint> points)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("positions");
            foreach (var p in points)
            {
                json.WriteStartObject();
                json.WriteString("file", p.File);
                json.WriteNumber("line", p.Line);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The helper's executable: built from the embedded source with this Go, once per source and Go version.</summary>
    private string Build()
    {
        var sources = typeof(GoFacts).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("gofacts/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var version = ProcessRunner.Run(go, ["version"], cancellation: cancellation).StandardOutput.Trim();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(version));
        var contents = sources.ToDictionary(n => n, Read);
        foreach (var (name, text) in contents)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(text);
        }

        var key = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        var dir = Path.Combine(CacheRoot(), $"gofacts-{key}");
        var binary = Path.Combine(dir, "gofacts");
        if (File.Exists(binary))
        {
            return binary;
        }

        // Build beside, then rename: two runs building at once both end with a whole binary.
        var work = Path.Combine(CacheRoot(), $"gofacts-{key}.build-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            foreach (var (name, text) in contents)
            {
                File.WriteAllBytes(Path.Combine(work, name["gofacts/".Length..]), text);
            }

            var build = ProcessRunner.Run(go, ["build", "-o", "gofacts", "."], work, new Dictionary<string, string> { ["GOFLAGS"] = "", ["GOWORK"] = "off" },
                cancellation: cancellation);
            if (build.ExitCode != 0)
            {
                throw new GoBuildFailedException("go build (tools/gofacts)", build.StandardError);
            }

            Directory.CreateDirectory(dir);
            File.Move(Path.Combine(work, "gofacts"), binary, overwrite: true);
            return binary;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(GoFacts).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    internal static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "allocscope")
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache", "allocscope")
            : Path.Combine(Path.GetTempPath(), "allocscope-cache");
        Directory.CreateDirectory(root);
        return root;
    }

    private static (CodePoint Point, StatementFacts Facts) Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        var exprs = new List<ExprFact>();
        if (r.TryGetProperty("exprs", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in list.EnumerateArray())
            {
                if (KindOf(Str(e, "kind")) is { } kind)
                {
                    exprs.Add(new ExprFact
                    {
                        Kind = kind,
                        Column = e.TryGetProperty("column", out var c) ? c.GetInt32() : 0,
                        Text = Str(e, "text"),
                        Type = Str(e, "type"),
                        From = Str(e, "from"),
                        ToInterface = Bool(e, "toInterface"),
                        PointerShaped = Bool(e, "pointerShaped"),
                        SizeHint = Bool(e, "sizeHint"),
                        ConstSize = Bool(e, "constSize"),
                        GrowsBuffer = Str(e, "growsBuffer"),
                        LoopInvariant = Bool(e, "loopInvariant"),
                        Target = Str(e, "target"),
                        Dest = Str(e, "dest"),
                        Callee = Str(e, "callee"),
                        Receiver = Str(e, "receiver"),
                    });
                }
            }
        }

        var facts = new StatementFacts
        {
            Function = Str(r, "function"),
            InClosure = Bool(r, "inClosure"),
            Exported = Bool(r, "exported"),
            IsTest = Bool(r, "isTest"),
            InLoop = Bool(r, "inLoop"),
            Statement = Str(r, "statement"),
            StatementKind = Str(r, "statementKind"),
            UsesPool = Bool(r, "usesPool"),
            Typed = Bool(r, "typed"),
            Exprs = exprs,
        };
        return (new CodePoint(Str(r, "file"), r.GetProperty("line").GetInt64()), facts);
    }

    private static ExprKind? KindOf(string kind) => kind switch
    {
        "call" => ExprKind.Call,
        "make-slice" => ExprKind.MakeSlice,
        "make-map" => ExprKind.MakeMap,
        "make-chan" => ExprKind.MakeChan,
        "new" => ExprKind.New,
        "composite-addr" => ExprKind.CompositeAddr,
        "composite" => ExprKind.Composite,
        "append" => ExprKind.Append,
        "conversion" => ExprKind.Conversion,
        "func-lit" => ExprKind.FuncLit,
        "concat" => ExprKind.Concat,
        "map-assign" => ExprKind.MapAssign,
        "var" => ExprKind.Var,
        "method-value" => ExprKind.MethodValue,
        _ => null,
    };

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
