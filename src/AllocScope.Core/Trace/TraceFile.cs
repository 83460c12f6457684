using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>Reads an execution trace of any Go version into its summary: the header says which format follows.</summary>
public static class TraceFile
{
    /// <param name="timeline">Told every heap point in time order (the `--timeline` CSV), if given.</param>
    public static TraceSummary Summarize(InputFile input, Action<HeapPoint>? timeline = null)
    {
        var version = TraceHeader.Parse(input.Head.Span, input.Name);
        if (version >= 1022)
        {
            return TraceV2Summary.Read(input, version, timeline);
        }

        return TraceV1Reader.Summarize(input, timeline);
    }
}
