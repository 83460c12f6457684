using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// The string and stack tables of one v2 generation (Go's evTable, addStrings, addStacks, validateStackStrings): IDs
/// are unique in a generation (0 is "none" and may not be defined), strings are at most 1,024 bytes, stacks at most 128
/// frames, and every frame's PC is kept once with its function, file and line.
/// </summary>
internal sealed class TraceV2Tables
{
    public const int MaxStringSize = 1024;
    public const int MaxFramesPerStack = 128;

    private readonly Dictionary<ulong, string> _strings = [];
    private readonly Dictionary<ulong, ulong[]> _stacks = [];
    private readonly Dictionary<ulong, (ulong Func, ulong File, ulong Line)> _pcs = [];
    private readonly Dictionary<ulong, IReadOnlyList<TraceFrame>> _frames = [];

    /// <summary>Whether <paramref name="id"/> names a string (0 always does: the empty one).</summary>
    public bool HasString(ulong id) => id == 0 || _strings.ContainsKey(id);

    public bool HasStack(ulong id) => id == 0 || _stacks.ContainsKey(id);

    public string String(ulong id) => _strings.GetValueOrDefault(id, string.Empty);

    /// <summary>The frames of stack <paramref name="id"/>, innermost first (empty for 0 or an unknown ID).</summary>
    public IReadOnlyList<TraceFrame> Frames(ulong id)
    {
        if (_frames.TryGetValue(id, out var frames))
        {
            return frames;
        }

        var pcs = _stacks.GetValueOrDefault(id, []);
        var list = new TraceFrame[pcs.Length];
        for (var i = 0; i < pcs.Length; i++)
        {
            var f = _pcs[pcs[i]];
            list[i] = new TraceFrame(pcs[i], String(f.Func), String(f.File), (long)f.Line);
        }

        _frames[id] = list;
        return list;
    }

    /// <summary>Adds a strings batch: EvStrings, then `EvString id len bytes` entries. Returns the bytes kept.</summary>
    public long AddStrings(TraceV2Batch batch, string file)
    {
        long kept = 0;
        batch.ForEachEntry(file, TraceV2EventType.String, "string", (ref SpanReader r, long at) =>
        {
            var id = r.ReadVarint();
            var length = r.ReadVarint();
            if (length > MaxStringSize)
            {
                throw r.ErrorAt(at, $"invalid string size {length}, maximum is {MaxStringSize}");
            }

            var text = System.Text.Encoding.UTF8.GetString(r.ReadBytes((int)length));
            if (!_strings.TryAdd(id, text) || id == 0)
            {
                throw r.ErrorAt(at, $"multiple strings with the same ID: id={id}");
            }

            kept += 64 + (2 * (long)length);
        });
        return kept;
    }

    /// <summary>Adds a stacks batch: EvStacks, then `EvStack id nframes {pc func file line}…` entries. Returns the bytes kept.</summary>
    public long AddStacks(TraceV2Batch batch, string file)
    {
        long kept = 0;
        batch.ForEachEntry(file, TraceV2EventType.Stack, "stack", (ref SpanReader r, long at) =>
        {
            var id = r.ReadVarint();
            var count = r.ReadVarint();
            if (count > MaxFramesPerStack)
            {
                throw r.ErrorAt(at, $"invalid stack size {count}, maximum is {MaxFramesPerStack}");
            }

            var pcs = new ulong[count];
            for (var i = 0; i < pcs.Length; i++)
            {
                pcs[i] = r.ReadVarint();
                var frame = (r.ReadVarint(), r.ReadVarint(), r.ReadVarint());
                if (_pcs.TryAdd(pcs[i], frame))
                {
                    kept += 64;
                }
            }

            if (!_stacks.TryAdd(id, pcs) || id == 0)
            {
                throw r.ErrorAt(at, $"multiple stacks with the same ID: id={id}");
            }

            kept += 64 + (8 * pcs.Length);
        });
        return kept;
    }

    /// <summary>Every frame of every stack names strings of this generation (Go checks this once the generation is read).</summary>
    public void Validate(string file, long offset)
    {
        foreach (var (id, pcs) in _stacks)
        {
            foreach (var pc in pcs)
            {
                var f = _pcs[pc];
                if (!HasString(f.Func))
                {
                    throw InputFormatException.AtOffset(file, offset, $"found invalid func string ID {f.Func} for stack {id}");
                }

                if (!HasString(f.File))
                {
                    throw InputFormatException.AtOffset(file, offset, $"found invalid file string ID {f.File} for stack {id}");
                }
            }
        }
    }
}
