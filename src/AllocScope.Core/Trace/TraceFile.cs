using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>Reads an execution trace of any Go version into its summary: the header says which format follows.</summary>
public static class TraceFile
{
    public static TraceSummary Summarize(InputFile input)
    {
        var version = TraceHeader.Parse(input.Head.Span, input.Name);
        if (version >= 1022)
        {
            return TraceV2Summary.Read(input, version);
        }

        return TraceSummary.Of(TraceV1Reader.Read(input));
    }
}
