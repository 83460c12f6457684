using System.CommandLine;
using System.Text.RegularExpressions;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Progress;

namespace AllocScope.Cli.Commands;

/// <summary>The options `top` and `diff` share, and reading profiles with terminal progress.</summary>
internal sealed class ProfileOptions
{
    public Option<string?> SampleIndex { get; } = new("--sample-index")
    {
        Description = "Sample type to show: alloc_space, alloc_objects, inuse_space, inuse_objects, or any type the profile has (default: the profile's default)",
    };

    public Option<string> By { get; } = new("--by")
    {
        Description = "One row per function or per line",
        DefaultValueFactory = _ => "function",
    };

    public Option<int> Limit { get; } = new("--limit")
    {
        Description = "Show at most N rows (0: all)",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> Focus { get; } = new("--focus")
    {
        Description = "Only samples with a frame whose function or file matches this regular expression",
    };

    public Option<string?> Ignore { get; } = new("--ignore")
    {
        Description = "Leave out samples with a frame whose function or file matches this regular expression",
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "Output format: text, json or folded",
        DefaultValueFactory = _ => "text",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(SampleIndex);
        command.Options.Add(By);
        command.Options.Add(Limit);
        command.Options.Add(Focus);
        command.Options.Add(Ignore);
        command.Options.Add(Format);
        By.AcceptOnlyFromAmong("function", "line");
    }

    public TopGranularity Granularity(ParseResult parse) => parse.GetValue(By) == "line" ? TopGranularity.Line : TopGranularity.Function;

    public TopAggregator NewAggregator(ParseResult parse) =>
        new(Granularity(parse), Regex(parse.GetValue(Focus), "--focus"), Regex(parse.GetValue(Ignore), "--ignore"), keepStacks: parse.GetValue(Format) == "folded");

    /// <summary>Reads the files into one aggregation; a sample type a profile lacks is a usage error naming the valid ones.</summary>
    public TopAggregator Aggregate(ParseResult parse, IEnumerable<string> files)
    {
        var top = NewAggregator(parse);
        foreach (var file in files)
        {
            var profile = Read(file);
            try
            {
                top.Add(profile, parse.GetValue(SampleIndex));
            }
            catch (ArgumentException e)
            {
                // A heap sample type asked of a CPU (or other) profile is the wrong file, not a wrong option.
                var wanted = parse.GetValue(SampleIndex) ?? "";
                if (wanted.StartsWith("alloc_", StringComparison.Ordinal) || wanted.StartsWith("inuse_", StringComparison.Ordinal))
                {
                    if (!profile.Describe().StartsWith("a heap profile", StringComparison.Ordinal))
                    {
                        throw InputFormatException.Whole(file, $"this is {profile.Describe()}; {wanted} needs a heap profile");
                    }
                }

                throw new UsageException($"{file}: {e.Message}");
            }
        }

        return top;
    }

    public static Profile Read(string file)
    {
        var info = new FileInfo(file);
        var progress = info.Exists && info.Length > TerminalProgress.Threshold && !Console.IsErrorRedirected
            ? new TerminalProgress(Console.Error)
            : null;
        return ProfileReader.Read(file, progress);
    }

    private static Regex? Regex(string? pattern, string option)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option}: invalid regular expression: {e.Message}");
        }
    }
}

/// <summary>Shows "reading FILE: 42%" on the terminal's stderr line, overwritten in place, for inputs over 50 MB.</summary>
internal sealed class TerminalProgress(TextWriter error) : IProgressReporter
{
    public const long Threshold = 50L * 1000 * 1000;

    private int _lastPercent = -1;

    public void Report(string file, long bytesRead, long totalBytes)
    {
        var percent = totalBytes > 0 ? (int)(100 * bytesRead / totalBytes) : 0;
        if (percent != _lastPercent)
        {
            _lastPercent = percent;
            error.Write($"\rreading {file}: {percent}%");
        }
    }

    public void Done(string file)
    {
        if (_lastPercent >= 0)
        {
            error.Write("\r\u001b[K");
            _lastPercent = -1;
        }
    }
}
