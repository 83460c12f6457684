using System.CommandLine;
using AllocScope.App.Inputs;

namespace AllocScope.Cli.Commands;

/// <summary>The profile selection `top`, `diff` and the views share: sample type and pprof's focus/ignore/hide filters.</summary>
internal sealed class ProfileQueryOptions
{
    private readonly Option<string?> _sampleIndex = CommonOptions.SampleIndex(
        "Sample type to show: alloc_space, alloc_objects, inuse_space, inuse_objects, or any type the profile has (default: the profile's default)");

    private readonly Option<string?> _focus = new("--focus") { Description = "Only samples with a frame whose function or file matches this regular expression" };

    private readonly Option<string?> _ignore = new("--ignore") { Description = "Leave out samples with a frame whose function or file matches this regular expression" };

    private readonly Option<string?> _hide = new("--hide") { Description = "Remove frames whose function or file matches this regular expression from the stacks" };

    public void AddTo(Command command)
    {
        command.Options.Add(_sampleIndex);
        command.Options.Add(_focus);
        command.Options.Add(_ignore);
        command.Options.Add(_hide);
    }

    public ProfileQuery Bind(ParseResult parse) => new(parse.GetValue(_sampleIndex), Pprof.TopGranularity.Function, parse.GetValue(_focus), parse.GetValue(_ignore), parse.GetValue(_hide));
}
