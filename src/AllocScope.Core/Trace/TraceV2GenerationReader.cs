using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Reads a v2 trace one generation at a time (Go's readGeneration), so memory holds one generation and the first batch
/// of the next. Up to Go 1.25 a generation ends where a batch of the next generation appears (that batch is "spilled"
/// into it); Go 1.26 also ends one with a lone EndOfGeneration byte. As in Go, an error reading a batch once the
/// generation has begun is held back until the batches read so far have been ordered.
/// </summary>
internal sealed class TraceV2GenerationReader(StreamWindow window, int version, InputLimits limits)
{
    private TraceV2Batch? _spill;
    private InputFormatException? _spillError;
    private bool _started;

    /// <summary>The next generation, or null when the trace has no more.</summary>
    public TraceV2Generation? Next()
    {
        if (_spillError is not null)
        {
            throw _spillError;
        }

        if (_started && _spill is null && (version < 1026 || window.AtEnd()))
        {
            return null;
        }

        _started = true;
        var file = window.File;
        var g = new TraceV2Generation();
        if (_spill is not null)
        {
            g.Gen = _spill.Gen;
            Keep(g, _spill);
            _spill = null;
        }

        while (true)
        {
            var at = window.Position;
            TraceV2Batch? b;
            bool end;
            try
            {
                b = TraceV2Batch.Read(window, version, out end);
            }
            catch (InputFormatException e) when (e is not InputLimitException && g.Gen != 0)
            {
                _spillError = e;
                break;
            }

            if (b is null)
            {
                if (!end && version >= 1026 && g.Gen != 0)
                {
                    throw InputFormatException.AtOffset(file, at, $"incomplete generation {g.Gen}: the trace is truncated (no EndOfGeneration)");
                }

                break;
            }

            if (b.Gen == 0)
            {
                throw InputFormatException.AtOffset(file, at, "invalid generation number 0");
            }

            if (g.Gen == 0)
            {
                g.Gen = b.Gen;
            }

            if (b.Gen == g.Gen + 1)
            {
                _spill = b;
                break;
            }

            if (b.Gen != g.Gen)
            {
                throw InputFormatException.AtOffset(file, at, $"generations out of order (batch of generation {b.Gen} in generation {g.Gen})");
            }

            if (g.MinTs == 0 || b.Time < g.MinTs)
            {
                g.MinTs = b.Time;
            }

            Keep(g, b);
        }

        g.Finish(file, window.Position);
        return g;
    }

    /// <summary>Gives back what a finished generation held.</summary>
    public void Release(TraceV2Generation g) => limits.Memory.Release(g.Charged);

    private void Keep(TraceV2Generation g, TraceV2Batch b)
    {
        var kept = g.Add(b, version, window.File);
        limits.Memory.Charge(kept, window.File, b.DataOffset, "a trace generation");
        g.Charged += kept;
    }
}
