using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.Inputs;

namespace AllocScope.Cli;

/// <summary>
/// What every command's action needs besides its own options: the console, the run's cancellation, and the input
/// limits, bound from the global flags (every command takes them).
/// </summary>
public sealed class CliContext(IConsole console, CancellationToken cancellation)
{
    private readonly Option<string?> _maxMemory = Limit(InputLimits.MaxMemoryFlag, "What the readers may keep in memory, e.g. 2G (default: three quarters of the memory available)");
    private readonly Option<string?> _maxInput = Limit(InputLimits.MaxInputFlag, "Largest input after decompression, or from a pipe or device, e.g. 100G (default 64G)");
    private readonly Option<string?> _maxString = Limit(InputLimits.MaxStringFlag, "Longest string, line or record of an input, e.g. 256M (default 64M)");
    private readonly Option<string?> _maxStringTable = Limit(InputLimits.MaxStringTableFlag, "Largest string table of a profile (all its names together), e.g. 1G (default 256M)");
    private readonly Option<string?> _maxRecords = Limit(InputLimits.MaxRecordsPerByteFlag, "Most records (samples, locations, strings) per byte read from disk (default 1000)");

    public IConsole Console { get; } = console;

    public void AddTo(RootCommand root)
    {
        foreach (var option in new[] { _maxMemory, _maxInput, _maxString, _maxStringTable, _maxRecords })
        {
            root.Options.Add(option);
        }
    }

    /// <summary>The service context of a parsed command line.</summary>
    public ServiceContext For(ParseResult parse)
    {
        var defaults = new InputLimits();
        var limits = new InputLimits
        {
            Memory = Size(parse, _maxMemory) is { } memory ? new MemoryBudget(memory) : defaults.Memory,
            MaxInputBytes = Size(parse, _maxInput) ?? defaults.MaxInputBytes,
            MaxStringBytes = (int)Math.Min(int.MaxValue - 64, Size(parse, _maxString) ?? defaults.MaxStringBytes),
            MaxStringTableBytes = Size(parse, _maxStringTable) ?? defaults.MaxStringTableBytes,
            MaxRecordsPerInputByte = Size(parse, _maxRecords) ?? defaults.MaxRecordsPerInputByte,
        };
        return new ServiceContext(Console, null, limits, cancellation);
    }

    private static Option<string?> Limit(string name, string description) => new(name) { Description = description, Recursive = true };

    private static long? Size(ParseResult parse, Option<string?> option) => parse.GetValue(option) is not { } text ? null
        : InputLimits.ParseSize(text) is { } size and > 0 ? size
        : throw new UsageException($"{option.Name} {text}: expected a size like 512M, 2G or a number of bytes");
}
