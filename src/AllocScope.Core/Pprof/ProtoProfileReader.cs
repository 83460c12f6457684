using System.Runtime.InteropServices;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Decodes an uncompressed profile.proto stream in one pass (google/pprof profile/encode.go rules, see FORMAT.md):
/// samples keep raw location ids and string indexes until the end, because Go writes the string table last and
/// fields may come in any order. Memory grows with distinct stacks, locations and strings, not with file size.
/// </summary>
internal sealed class ProtoProfileReader
{
    private readonly ProtoWireReader _r;
    private readonly string _file;
    private readonly List<string> _strings = [];
    private readonly List<(long Type, long Unit)> _sampleTypes = [];
    private readonly List<RawSample> _samples = [];
    private readonly List<RawMessage> _mappings = [];
    private readonly List<RawLocation> _locations = [];
    private readonly List<RawMessage> _functions = [];
    private readonly List<RawLine> _lineScratch = [];
    private readonly List<ulong> _comments = [];
    private readonly Dictionary<ulong[], ulong[]> _stacks = new(ArrayContentComparer<ulong>.Instance);
    private readonly List<ulong> _ids = [];
    private readonly List<ulong> _values = [];
    private readonly List<RawLabel> _labels = [];
    // Profile's int64 fields by number: 7 drop_frames, 8 keep_frames, 9 time_nanos, 10 duration_nanos, 12 period,
    // 14 default_sample_type, 15 doc_url (string fields as string-table indexes).
    private readonly ulong[] _scalars = new ulong[16];
    private (long Type, long Unit)? _periodType;

    private ProtoProfileReader(Stream stream, string file, long knownLength)
    {
        _r = new ProtoWireReader(stream, file, knownLength);
        _file = file;
    }

    public static Profile Read(Stream stream, string file, long knownLength = -1)
    {
        var reader = new ProtoProfileReader(stream, file, knownLength);
        reader.ReadProfile();
        return reader.Resolve();
    }

    private void ReadProfile()
    {
        while (!_r.AtEnd())
        {
            var tagAt = _r.Position;
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1:
                    _sampleTypes.Add(Message(wire, field, static r => r.ReadValueType()));
                    break;
                case 2:
                    Message(wire, field, static r => r.ReadSample());
                    break;
                case 3:
                    _mappings.Add(Message(wire, field, static r => r.ReadMapping()));
                    break;
                case 4:
                    _locations.Add(Message(wire, field, static r => r.ReadLocation()));
                    break;
                case 5:
                    _functions.Add(Message(wire, field, static r => r.ReadFunction()));
                    break;
                case 6:
                    Expect(wire, ProtoWireReader.WireBytes, field);
                    var s = _r.ReadString(_r.ReadLength());
                    if (_strings.Count == 0 && s.Length != 0)
                    {
                        throw _r.ErrorAt(tagAt, "string_table[0] must be \"\" (this is not a profile.proto, or it is corrupt)");
                    }

                    _strings.Add(s);
                    break;
                case 9 when _scalars[9] != 0:
                    throw _r.ErrorAt(tagAt, "a second time_nanos: concatenated profiles are not supported (merge them as separate files)");
                case 7 or 8 or 9 or 10 or 12 or 14 or 15:
                    _scalars[field] = UInt64(wire, field);
                    break;
                case 11:
                    _periodType = Message(wire, field, static r => r.ReadValueType());
                    break;
                case 13:
                    RepeatedVarint(wire, field, _comments);
                    break;
                default:
                    _r.SkipField(wire);
                    break;
            }
        }
    }

    private T Message<T>(int wire, int field, Func<ProtoProfileReader, T> read)
    {
        Expect(wire, ProtoWireReader.WireBytes, field);
        var outer = _r.PushLimit(_r.ReadLength());
        var value = read(this);
        _r.PopLimit(outer);
        return value;
    }

    private void Expect(int wire, int expected, int field)
    {
        if (wire != expected)
        {
            throw _r.Error($"field {field} has wire type {wire}, expected {expected} (type mismatch)");
        }
    }

    private ulong UInt64(int wire, int field)
    {
        Expect(wire, ProtoWireReader.WireVarint, field);
        return _r.ReadVarint();
    }

    /// <summary>Repeated varints (int64 or uint64): packed (one length-delimited run) or unpacked (one per tag), mixed freely.</summary>
    private void RepeatedVarint(int wire, int field, List<ulong> into)
    {
        if (wire == ProtoWireReader.WireVarint)
        {
            into.Add(_r.ReadVarint());
            return;
        }

        Expect(wire, ProtoWireReader.WireBytes, field);
        var outer = _r.PushLimit(_r.ReadLength());
        while (!_r.AtEnd())
        {
            into.Add(_r.ReadVarint());
        }

        _r.PopLimit(outer);
    }

    /// <summary>
    /// Reads a message whose fields 1..N are varints (ValueType, Label, Line, Mapping, Function; Location but for its
    /// lines, field 4, gathered into <paramref name="lines"/>): the last value of each field, 0 when absent.
    /// </summary>
    private void ReadVarints(Span<ulong> fields, List<RawLine>? lines = null)
    {
        fields.Clear();
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            if (lines is not null && field == 4)
            {
                lines.Add(Message(wire, field, static r => r.ReadLine()));
            }
            else if (field > 0 && field < fields.Length)
            {
                fields[field] = UInt64(wire, field);
            }
            else
            {
                _r.SkipField(wire);
            }
        }
    }

    /// <summary>ValueType: 1 type, 2 unit (string indexes).</summary>
    private (long, long) ReadValueType()
    {
        Span<ulong> v = stackalloc ulong[3];
        ReadVarints(v);
        return ((long)v[1], (long)v[2]);
    }

    private bool ReadSample()
    {
        var at = _r.Position;
        _ids.Clear();
        _values.Clear();
        _labels.Clear();
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: RepeatedVarint(wire, field, _ids); break;
                case 2: RepeatedVarint(wire, field, _values); break;
                case 3: _labels.Add(Message(wire, field, static r => r.ReadLabel())); break;
                default: _r.SkipField(wire); break;
            }
        }

        // Identical stacks share one id array: memory grows with distinct stacks.
        var ids = CollectionsMarshal.AsSpan(_ids).ToArray();
        if (!_stacks.TryGetValue(ids, out var shared))
        {
            _stacks.Add(ids, ids);
            shared = ids;
        }

        _samples.Add(new RawSample(at, shared, MemoryMarshal.Cast<ulong, long>(CollectionsMarshal.AsSpan(_values)).ToArray(), _labels.Count == 0 ? null : [.. _labels]));
        return true;
    }

    /// <summary>Label: 1 key, 2 str, 3 num, 4 num_unit.</summary>
    private RawLabel ReadLabel()
    {
        Span<ulong> v = stackalloc ulong[5];
        ReadVarints(v);
        return new RawLabel((long)v[1], (long)v[2], (long)v[3], (long)v[4]);
    }

    /// <summary>Line: 1 function_id, 2 line, 3 column.</summary>
    private RawLine ReadLine()
    {
        Span<ulong> v = stackalloc ulong[4];
        ReadVarints(v);
        return new RawLine(v[1], (long)v[2], (long)v[3]);
    }

    /// <summary>Mapping: 1 id, 2 memory_start, 3 memory_limit, 4 file_offset, 5 filename, 6 build_id, 7-10 has_functions, has_filenames, has_line_numbers, has_inline_frames.</summary>
    private RawMessage ReadMapping() => ReadFields(11);

    /// <summary>Function: 1 id, 2 name, 3 system_name, 4 filename, 5 start_line.</summary>
    private RawMessage ReadFunction() => ReadFields(6);

    private RawMessage ReadFields(int count)
    {
        var message = new RawMessage(_r.Position, new ulong[count]);
        ReadVarints(message.Fields);
        return message;
    }

    /// <summary>Location: 1 id, 2 mapping_id, 3 address, 4 line (repeated message), 5 is_folded.</summary>
    private RawLocation ReadLocation()
    {
        var location = new RawLocation(_r.Position, new ulong[6]);
        _lineScratch.Clear();
        ReadVarints(location.Fields, _lineScratch);
        location.Lines = _lineScratch.Count == 0 ? null : [.. _lineScratch];
        return location;
    }

    private string Str(long index, long at, string what)
    {
        if (index < 0 || index >= _strings.Count)
        {
            throw _r.ErrorAt(at, $"{what} refers to string {index}, but the string table has {_strings.Count} entries");
        }

        return _strings[(int)index];
    }

    private Profile Resolve()
    {
        var end = _r.Position;
        if (end == 0)
        {
            throw InputFormatException.Whole(_file, "empty profile: no data");
        }

        if (_strings.Count == 0)
        {
            throw _r.ErrorAt(end, "the profile has no string table (string_table[0] must be \"\"); this is not a profile.proto");
        }

        var (mappings, mappingList) = Index(_mappings, "mapping", m => new Mapping(m.U(1), m.U(2), m.U(3), m.U(4),
            Str(m.I(5), m.At, "mapping filename"), Str(m.I(6), m.At, "mapping build id"), m.B(7), m.B(8), m.B(9), m.B(10)));
        var (functions, functionList) = Index(_functions, "function", f => new Function(f.U(1), Str(f.I(2), f.At, "function name"),
            Str(f.I(3), f.At, "function system name"), Str(f.I(4), f.At, "function filename"), f.I(5)));
        var (locations, locationList) = Index(_locations, "location", l =>
        {
            var lines = l.Lines is { } raw ? new Line[raw.Length] : [];
            for (var i = 0; i < lines.Length; i++)
            {
                var line = l.Lines![i];
                Function? function = null;
                if (line.FunctionId != 0 && !functions.TryGetValue(line.FunctionId, out function))
                {
                    throw _r.ErrorAt(l.At, $"location {l.U(1)} refers to function id {line.FunctionId}, which is not in the profile");
                }

                lines[i] = new Line(function, line.Line, line.Column);
            }

            mappings.TryGetValue(l.U(2), out var mapping);
            return new Location(l.U(1), mapping, l.U(3), lines, l.B(5));
        });

        var sampleTypes = _sampleTypes.Select(t => new ValueType(Str(t.Type, end, "sample type"), Str(t.Unit, end, "sample unit"))).ToList();
        if (sampleTypes.Count == 0 && _samples.Count != 0)
        {
            throw InputFormatException.Whole(_file, "the profile has samples but no sample types");
        }

        // Ids are almost always dense (1..n): index them directly, falling back to the dictionary otherwise.
        var maxId = locationList.Count == 0 ? 0 : locationList.Max(l => l.Id);
        var dense = maxId <= (ulong)(4 * locationList.Count + 16) ? new Location?[maxId + 1] : null;
        if (dense is not null)
        {
            foreach (var location in locationList)
            {
                dense[location.Id] = location;
            }
        }

        var singleLabels = new Dictionary<(long Key, long Str, long Num, long Unit), Label[]>();
        var stacks = new Dictionary<ulong[], Location[]>(ReferenceEqualityComparer.Instance);
        var samples = new List<Sample>(_samples.Count);
        foreach (var s in _samples)
        {
            if (s.Values.Length != sampleTypes.Count)
            {
                throw _r.ErrorAt(s.At, $"sample has {s.Values.Length} values but the profile has {sampleTypes.Count} sample types");
            }

            if (!stacks.TryGetValue(s.LocationIds, out var stack))
            {
                stack = new Location[s.LocationIds.Length];
                for (var i = 0; i < stack.Length; i++)
                {
                    var id = s.LocationIds[i];
                    var location = dense is not null && id < (ulong)dense.Length ? dense[id] : null;
                    if (location is null && (dense is not null || !locations.TryGetValue(id, out location)))
                    {
                        throw _r.ErrorAt(s.At, $"sample refers to location id {s.LocationIds[i]}, which is not in the profile");
                    }

                    stack[i] = location;
                }

                stacks.Add(s.LocationIds, stack);
            }

            Label[] labels = [];
            if (s.Labels is [var only] && singleLabels.TryGetValue((only.Key, only.Str, only.Num, only.NumUnit), out var shared))
            {
                // Go heap samples carry one "bytes" label; equal ones share an array.
                labels = shared;
            }
            else if (s.Labels is { } raw)
            {
                var list = new List<Label>(raw.Length);
                foreach (var label in raw)
                {
                    var key = Str(label.Key, s.At, "label key");
                    if (label.Str != 0)
                    {
                        list.Add(new Label(key, Str(label.Str, s.At, "label value"), 0, null));
                    }
                    else if (label.Num != 0 || label.NumUnit != 0)
                    {
                        // As pprof: a numeric label of 0 without a unit is indistinguishable from an unset one and dropped.
                        var unit = Str(label.NumUnit, s.At, "label unit");
                        list.Add(new Label(key, null, label.Num, unit.Length == 0 ? null : unit));
                    }
                }

                labels = [.. list];
                if (raw is [var single])
                {
                    singleLabels[(single.Key, single.Str, single.Num, single.NumUnit)] = labels;
                }
            }

            samples.Add(new Sample(stack, s.Values, labels));
        }

        long Scalar(int field) => (long)_scalars[field];
        var defaultType = Str(Scalar(14), end, "default_sample_type");
        return new Profile
        {
            Format = ProfileFormat.Proto,
            SampleTypes = sampleTypes,
            PeriodType = _periodType is { } pt ? new ValueType(Str(pt.Type, end, "period type"), Str(pt.Unit, end, "period unit")) : new ValueType("", ""),
            Period = Scalar(12),
            DefaultSampleType = defaultType.Length == 0 ? null : defaultType,
            TimeNanos = Scalar(9),
            DurationNanos = Scalar(10),
            Comments = _comments.Select(c => Str((long)c, end, "comment")).ToList(),
            DropFrames = Str(Scalar(7), end, "drop_frames"),
            KeepFrames = Str(Scalar(8), end, "keep_frames"),
            DocUrl = Str(Scalar(15), end, "doc_url"),
            Mappings = mappingList,
            Locations = locationList,
            Functions = functionList,
            Samples = samples,
        };
    }

    private sealed record RawSample(long At, ulong[] LocationIds, long[] Values, RawLabel[]? Labels);

    private readonly record struct RawLabel(long Key, long Str, long Num, long NumUnit);

    private readonly record struct RawLine(ulong FunctionId, long Line, long Column);

    /// <summary>Mappings, functions and locations by id (ids must be non-zero and unique), in file order.</summary>
    private (Dictionary<ulong, T> ById, List<T> InOrder) Index<TRaw, T>(List<TRaw> raws, string what, Func<TRaw, T> make)
        where TRaw : RawMessage
    {
        var byId = new Dictionary<ulong, T>(raws.Count);
        var inOrder = new List<T>(raws.Count);
        foreach (var raw in raws)
        {
            var id = raw.U(1);
            if (id == 0)
            {
                throw _r.ErrorAt(raw.At, $"found {what} with reserved id 0");
            }

            var item = make(raw);
            if (!byId.TryAdd(id, item))
            {
                throw _r.ErrorAt(raw.At, $"multiple {what}s with the same id {id}");
            }

            inOrder.Add(item);
        }

        return (byId, inOrder);
    }

    /// <summary>A message of varint fields, indexed by field number, and where it starts (for errors).</summary>
    private class RawMessage(long at, ulong[] fields)
    {
        public long At { get; } = at;

        public ulong[] Fields { get; } = fields;

        public ulong U(int field) => Fields[field];

        public long I(int field) => (long)Fields[field];

        public bool B(int field) => Fields[field] != 0;
    }

    private sealed class RawLocation(long at, ulong[] fields) : RawMessage(at, fields)
    {
        public RawLine[]? Lines { get; set; }
    }
}
