using AllocScope.Inputs;
using T = AllocScope.Trace.TraceV2EventType;

namespace AllocScope.Trace;

/// <summary>
/// The summary of a v2 trace: every ordered event counted under its v2 name, and the ones that matter to allocation
/// (goroutine creation, heap live and goal, GC begin and end, stop-the-world ranges, mark assists per goroutine) handed
/// to <see cref="TraceSummaryBuilder"/>, with times made relative to the first event as v1 summaries are.
/// </summary>
public static class TraceV2Summary
{
    /// <summary>Header versions this reader takes: Go 1.22, 1.23 (also written by 1.24), 1.25, 1.26.</summary>
    public static bool Reads(int version) => version is >= 1022 and <= 1026;

    public static TraceSummary Read(InputFile input, int version, Action<HeapPoint>? timeline = null)
    {
        if (!Reads(version))
        {
            throw InputFormatException.AtOffset(input.Name, 0, $"unsupported trace version {version / 1000}.{version % 1000}");
        }

        var b = new TraceSummaryBuilder($"{version / 1000}.{version % 1000}", "v2", TraceV2Specs.Names, timeline: timeline);
        long? first = null;
        TraceV2Reader.Read(input, version, (ev, tables) =>
        {
            first ??= ev.Time;
            var ns = ev.Time - first.Value;
            b.Event(ev.Type, ns);
            switch (ev.Type)
            {
                case T.GoCreate or T.GoCreateSyscall or T.GoCreateBlocked:
                    b.GoroutineCreated();
                    break;
                case T.HeapAlloc:
                    b.HeapAlloc(ns, (long)ev.Args[0]);
                    break;
                case T.HeapGoal:
                    b.HeapGoal(ns, (long)ev.Args[0]);
                    break;
                case T.GcBegin:
                    b.GcStart(ns, TraceSummaryBuilder.IsForced(tables.Frames(ev.Args[1])));
                    break;
                case T.GcEnd:
                    b.GcDone(ns);
                    break;
                case T.StwBegin:
                    b.StwStart(-1, ns, tables.String(ev.Args[0]));
                    break;
                case T.StwEnd:
                    b.StwDone(-1, ns);
                    break;
                case T.GcMarkAssistBegin:
                    b.AssistStart(ev.G, ns, TraceSummaryBuilder.PayerOf(tables.Frames(ev.Args[0]), true));
                    break;
                case T.GcMarkAssistEnd:
                    b.AssistDone(ev.G, ns);
                    break;
            }
        });
        return b.Build();
    }
}
