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
    private readonly List<RawMapping> _mappings = [];
    private readonly List<RawLocation> _locations = [];
    private readonly List<RawFunction> _functions = [];
    private readonly List<long> _comments = [];
    private readonly Dictionary<ulong[], ulong[]> _stacks = new(ArrayContentComparer<ulong>.Instance);
    private readonly List<ulong> _ids = [];
    private readonly List<long> _values = [];
    private readonly List<RawLabel> _labels = [];
    private long _dropFrames;
    private long _keepFrames;
    private long _timeNanos;
    private long _durationNanos;
    private (long Type, long Unit)? _periodType;
    private long _period;
    private long _defaultSampleType;
    private long _docUrl;

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
                case 7:
                    _dropFrames = Int64(wire, field);
                    break;
                case 8:
                    _keepFrames = Int64(wire, field);
                    break;
                case 9:
                    if (_timeNanos != 0)
                    {
                        throw _r.ErrorAt(tagAt, "a second time_nanos: concatenated profiles are not supported (merge them as separate files)");
                    }

                    _timeNanos = Int64(wire, field);
                    break;
                case 10:
                    _durationNanos = Int64(wire, field);
                    break;
                case 11:
                    _periodType = Message(wire, field, static r => r.ReadValueType());
                    break;
                case 12:
                    _period = Int64(wire, field);
                    break;
                case 13:
                    RepeatedInt64(wire, field, _comments);
                    break;
                case 14:
                    _defaultSampleType = Int64(wire, field);
                    break;
                case 15:
                    _docUrl = Int64(wire, field);
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

    private long Int64(int wire, int field)
    {
        Expect(wire, ProtoWireReader.WireVarint, field);
        return _r.ReadInt64();
    }

    private ulong UInt64(int wire, int field)
    {
        Expect(wire, ProtoWireReader.WireVarint, field);
        return _r.ReadVarint();
    }

    private bool Bool(int wire, int field) => UInt64(wire, field) != 0;

    /// <summary>Repeated int64: packed (one length-delimited run) or unpacked (one varint per tag), mixed freely.</summary>
    private void RepeatedInt64(int wire, int field, List<long> into)
    {
        if (wire == ProtoWireReader.WireVarint)
        {
            into.Add(_r.ReadInt64());
            return;
        }

        Expect(wire, ProtoWireReader.WireBytes, field);
        var outer = _r.PushLimit(_r.ReadLength());
        while (!_r.AtEnd())
        {
            into.Add(_r.ReadInt64());
        }

        _r.PopLimit(outer);
    }

    private void RepeatedUInt64(int wire, int field, List<ulong> into)
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

    private (long, long) ReadValueType()
    {
        long type = 0, unit = 0;
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: type = Int64(wire, field); break;
                case 2: unit = Int64(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return (type, unit);
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
                case 1: RepeatedUInt64(wire, field, _ids); break;
                case 2: RepeatedInt64(wire, field, _values); break;
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

        _samples.Add(new RawSample(at, shared, [.. _values], _labels.Count == 0 ? null : [.. _labels]));
        return true;
    }

    private RawLabel ReadLabel()
    {
        long key = 0, str = 0, num = 0, unit = 0;
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: key = Int64(wire, field); break;
                case 2: str = Int64(wire, field); break;
                case 3: num = Int64(wire, field); break;
                case 4: unit = Int64(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return new RawLabel(key, str, num, unit);
    }

    private RawMapping ReadMapping()
    {
        var m = new RawMapping { At = _r.Position };
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: m.Id = UInt64(wire, field); break;
                case 2: m.Start = UInt64(wire, field); break;
                case 3: m.Limit = UInt64(wire, field); break;
                case 4: m.Offset = UInt64(wire, field); break;
                case 5: m.File = Int64(wire, field); break;
                case 6: m.BuildId = Int64(wire, field); break;
                case 7: m.HasFunctions = Bool(wire, field); break;
                case 8: m.HasFileNames = Bool(wire, field); break;
                case 9: m.HasLineNumbers = Bool(wire, field); break;
                case 10: m.HasInlineFrames = Bool(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return m;
    }

    private RawLocation ReadLocation()
    {
        var l = new RawLocation { At = _r.Position };
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: l.Id = UInt64(wire, field); break;
                case 2: l.MappingId = UInt64(wire, field); break;
                case 3: l.Address = UInt64(wire, field); break;
                case 4: (l.Lines ??= []).Add(Message(wire, field, static r => r.ReadLine())); break;
                case 5: l.IsFolded = Bool(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return l;
    }

    private RawLine ReadLine()
    {
        ulong function = 0;
        long line = 0, column = 0;
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: function = UInt64(wire, field); break;
                case 2: line = Int64(wire, field); break;
                case 3: column = Int64(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return new RawLine(function, line, column);
    }

    private RawFunction ReadFunction()
    {
        var f = new RawFunction { At = _r.Position };
        while (!_r.AtEnd())
        {
            var (field, wire) = _r.ReadTag();
            switch (field)
            {
                case 1: f.Id = UInt64(wire, field); break;
                case 2: f.Name = Int64(wire, field); break;
                case 3: f.SystemName = Int64(wire, field); break;
                case 4: f.FileName = Int64(wire, field); break;
                case 5: f.StartLine = Int64(wire, field); break;
                default: _r.SkipField(wire); break;
            }
        }

        return f;
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

        var mappings = new Dictionary<ulong, Mapping>();
        var mappingList = new List<Mapping>(_mappings.Count);
        foreach (var m in _mappings)
        {
            if (m.Id == 0)
            {
                throw _r.ErrorAt(m.At, "found mapping with reserved id 0");
            }

            var mapping = new Mapping(m.Id, m.Start, m.Limit, m.Offset, Str(m.File, m.At, "mapping filename"), Str(m.BuildId, m.At, "mapping build id"),
                m.HasFunctions, m.HasFileNames, m.HasLineNumbers, m.HasInlineFrames);
            if (!mappings.TryAdd(m.Id, mapping))
            {
                throw _r.ErrorAt(m.At, $"multiple mappings with the same id {m.Id}");
            }

            mappingList.Add(mapping);
        }

        var functions = new Dictionary<ulong, Function>();
        var functionList = new List<Function>(_functions.Count);
        foreach (var f in _functions)
        {
            if (f.Id == 0)
            {
                throw _r.ErrorAt(f.At, "found function with reserved id 0");
            }

            var function = new Function(f.Id, Str(f.Name, f.At, "function name"), Str(f.SystemName, f.At, "function system name"),
                Str(f.FileName, f.At, "function filename"), f.StartLine);
            if (!functions.TryAdd(f.Id, function))
            {
                throw _r.ErrorAt(f.At, $"multiple functions with the same id {f.Id}");
            }

            functionList.Add(function);
        }

        var locations = new Dictionary<ulong, Location>();
        var locationList = new List<Location>(_locations.Count);
        foreach (var l in _locations)
        {
            if (l.Id == 0)
            {
                throw _r.ErrorAt(l.At, "found location with reserved id 0");
            }

            Line[] lines = [];
            if (l.Lines is { } rawLines)
            {
                lines = new Line[rawLines.Count];
                for (var i = 0; i < rawLines.Count; i++)
                {
                    Function? function = null;
                    if (rawLines[i].FunctionId != 0 && !functions.TryGetValue(rawLines[i].FunctionId, out function))
                    {
                        throw _r.ErrorAt(l.At, $"location {l.Id} refers to function id {rawLines[i].FunctionId}, which is not in the profile");
                    }

                    lines[i] = new Line(function, rawLines[i].Line, rawLines[i].Column);
                }
            }

            mappings.TryGetValue(l.MappingId, out var mapping);
            var location = new Location(l.Id, mapping, l.Address, lines, l.IsFolded);
            if (!locations.TryAdd(l.Id, location))
            {
                throw _r.ErrorAt(l.At, $"multiple locations with the same id {l.Id}");
            }

            locationList.Add(location);
        }

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

        var defaultType = Str(_defaultSampleType, end, "default_sample_type");
        return new Profile
        {
            Format = ProfileFormat.Proto,
            SampleTypes = sampleTypes,
            PeriodType = _periodType is { } pt ? new ValueType(Str(pt.Type, end, "period type"), Str(pt.Unit, end, "period unit")) : new ValueType("", ""),
            Period = _period,
            DefaultSampleType = defaultType.Length == 0 ? null : defaultType,
            TimeNanos = _timeNanos,
            DurationNanos = _durationNanos,
            Comments = _comments.Select(c => Str(c, end, "comment")).ToList(),
            DropFrames = Str(_dropFrames, end, "drop_frames"),
            KeepFrames = Str(_keepFrames, end, "keep_frames"),
            DocUrl = Str(_docUrl, end, "doc_url"),
            Mappings = mappingList,
            Locations = locationList,
            Functions = functionList,
            Samples = samples,
        };
    }

    private sealed record RawSample(long At, ulong[] LocationIds, long[] Values, RawLabel[]? Labels);

    private readonly record struct RawLabel(long Key, long Str, long Num, long NumUnit);

    private readonly record struct RawLine(ulong FunctionId, long Line, long Column);

    private sealed class RawMapping
    {
        public long At;
        public ulong Id;
        public ulong Start;
        public ulong Limit;
        public ulong Offset;
        public long File;
        public long BuildId;
        public bool HasFunctions;
        public bool HasFileNames;
        public bool HasLineNumbers;
        public bool HasInlineFrames;
    }

    private sealed class RawLocation
    {
        public long At;
        public ulong Id;
        public ulong MappingId;
        public ulong Address;
        public List<RawLine>? Lines;
        public bool IsFolded;
    }

    private sealed class RawFunction
    {
        public long At;
        public ulong Id;
        public long Name;
        public long SystemName;
        public long FileName;
        public long StartLine;
    }
}
