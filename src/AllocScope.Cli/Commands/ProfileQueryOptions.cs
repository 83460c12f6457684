using System.CommandLine;
using AllocScope.App.Inputs;

namespace AllocScope.Cli.Commands;

/// <summary>The profile selection `top` and `diff` share: sample type and pprof's focus/ignore filters.</summary>
internal sealed class ProfileQueryOptions
{
    private readonly Option<string?> _sampleIndex = CommonOptions.SampleIndex(
        "Sample type to show: alloc_space, alloc_objects, inuse_space, inuse_objects, or any type the profile has (default: the profile's default)");

    private readonly Option<string?> _focus = new("--focus") { Description = "Only samples with a frame whose function or file matches this regular expression" };

    private readonly Option<string?> _ignore = new("--ignore") { Description = "Leave out samples with a frame whose function or file matches this regular expression" };

    public void AddTo(Command command)
    {
        command.Options.Add(_sampleIndex);
        command.Options.Add(_focus);
        command.Options.Add(_ignore);
    }

    public ProfileQuery Bind(ParseResult parse) => new(parse.GetValue(_sampleIndex), Pprof.TopGranularity.Function, parse.GetValue(_focus), parse.GetValue(_ignore));
}
