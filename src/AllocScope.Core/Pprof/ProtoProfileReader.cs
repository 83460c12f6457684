using System.Runtime.InteropServices;
using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Decodes an uncompressed profile.proto stream in one pass (google/pprof profile/encode.go rules, see FORMAT.md):
/// top-level fields stream through a <see cref="StreamWindow"/>, each message is read with a <see cref="SpanReader"/>.
/// Samples keep raw location ids and string indexes until the end, because Go writes the string table last and fields
/// may come in any order. Samples with the same stack and labels are added up as they arrive (pprof's merge), so
/// memory grows with distinct stacks, locations and strings, not with file size; what is kept is charged to the
/// memory budget first. For `top` and `diff` a file is read without its samples (<see cref="ReadWithoutSamples"/>)
/// and they are streamed in a second pass (<see cref="StreamedProfile"/>).
/// </summary>
internal sealed class ProtoProfileReader
{
    // Enough for a tag and a length (two varints of at most 10 bytes).
    private const int FieldHeadBytes = 20;
    private const int RecordCheckInterval = 1 << 16;
    private const uint WideIdBit = 1u << 31;

    private readonly StreamWindow _window;
    private readonly string _file;
    private readonly InputLimits _limits;
    private readonly Func<long> _rawBytesRead;
    private readonly List<string> _strings = [];
    private readonly List<(long Type, long Unit)> _sampleTypes = [];
    private readonly List<RawSample> _samples = [];
    // Samples by (stack number, label set number + 1): interned stacks and label sets are numbered as they are kept.
    private readonly Dictionary<long, int> _sampleIndex = [];
    private readonly List<RawMessage> _mappings = [];
    private readonly List<RawLocation> _locations = [];
    private readonly List<RawMessage> _functions = [];
    private readonly List<ulong> _comments = [];
    private readonly StackTable _stacks = new();
    private readonly Dictionary<ProtoLabel[], int> _labelSets = new(LabelSetComparer.Instance);
    private readonly List<ProtoLabel[]> _labelSetList = [];
    private readonly ProtoSampleDecoder _sample = new();
    private uint[] _narrowIds = new uint[64];
    // Location ids of 2^31 or more (Go numbers locations 1..N, so rarely any) are kept in the stack table as
    // WideIdBit | their number here.
    private readonly Dictionary<ulong, uint> _wideIdNumbers = [];
    private readonly List<ulong> _wideIds = [];
    private readonly List<RawLine> _lineScratch = [];
    private readonly ChildReader _readLine;

    // Profile's int64 fields by number: 7 drop_frames, 8 keep_frames, 9 time_nanos, 10 duration_nanos, 12 period,
    // 14 default_sample_type, 15 doc_url (string fields as string-table indexes).
    private readonly ulong[] _scalars = new ulong[16];
    private (long Type, long Unit)? _periodType;
    private long _records;
    private long _stringTableBytes;

    // False for the first pass of a streamed read (see StreamedProfile): samples are counted and skipped.
    private readonly bool _keepSamples;
    private long _skippedSamples;

    private ProtoProfileReader(Stream stream, string file, InputLimits limits, Func<long> rawBytesRead, bool keepSamples)
    {
        _window = new StreamWindow(stream, file, limits.MaxStringBytes);
        _file = file;
        _limits = limits;
        _rawBytesRead = rawBytesRead;
        _keepSamples = keepSamples;
        _readLine = (ref SpanReader line) => _lineScratch.Add(ReadLine(ref line));
    }

    /// <param name="stream">The decompressed profile.proto bytes.</param>
    /// <param name="file">The input as the user named it.</param>
    /// <param name="limits">What the reader may hold.</param>
    /// <param name="rawBytesRead">Bytes read from disk so far, for the records-per-byte limit.</param>
    public static Profile Read(Stream stream, string file, InputLimits limits, Func<long> rawBytesRead)
    {
        var reader = new ProtoProfileReader(stream, file, limits, rawBytesRead, keepSamples: true);
        reader.ReadProfile();
        return reader.Resolve();
    }

    /// <summary>
    /// The first pass of a streamed read: everything but the samples, which are skipped unread (the second pass,
    /// <see cref="ProtoSampleScan"/>, decodes them); <paramref name="length"/> is how many bytes the stream had.
    /// </summary>
    public static Profile ReadWithoutSamples(Stream stream, string file, InputLimits limits, Func<long> rawBytesRead, out long length)
    {
        var reader = new ProtoProfileReader(stream, file, limits, rawBytesRead, keepSamples: false);
        reader.ReadProfile();
        length = reader._window.Position;
        return reader.Resolve();
    }

    private InputFormatException ErrorAt(long offset, string what) => InputFormatException.AtOffset(_file, offset, what);

    private void ReadProfile()
    {
        while (!_window.AtEnd())
        {
            var head = _window.Peek(FieldHeadBytes);
            var tagAt = head.Position;
            var (field, wire) = ProtoWire.ReadTag(ref head);
            if (wire != ProtoWire.Bytes)
            {
                ReadScalarField(ref head, field, wire, tagAt);
                _window.Advance(head.Consumed);
                continue;
            }

            var length = (long)head.ReadVarint();
            _window.Advance(head.Consumed);
            if (field == 2 && !_keepSamples)
            {
                _window.Skip(length);
                _skippedSamples++;
                CountRecord();
                continue;
            }

            var body = _window.Take(length, field == 6 ? "a string" : $"field {field}");
            ReadMessageField(ref body, field, tagAt);
            CountRecord();
        }
    }

    private void ReadScalarField(ref SpanReader head, int field, int wire, long tagAt)
    {
        switch (field)
        {
            case 9 when _scalars[9] != 0:
                throw ErrorAt(tagAt, "a second time_nanos: concatenated profiles are not supported (merge them as separate files)");
            case 7 or 8 or 9 or 10 or 12 or 14 or 15:
                ProtoWire.Expect(ref head, wire, ProtoWire.Varint, field, tagAt);
                _scalars[field] = head.ReadVarint();
                break;
            case 13:
                ProtoWire.ReadRepeated(ref head, wire, field, tagAt, _comments);
                break;
            case >= 1 and <= 6 or 11:
                throw ErrorAt(tagAt, $"field {field} has wire type {wire}, expected {ProtoWire.Bytes} (type mismatch)");
            default:
                ProtoWire.SkipField(ref head, wire);
                break;
        }
    }

    private void ReadMessageField(ref SpanReader body, int field, long tagAt)
    {
        switch (field)
        {
            case 1:
                _sampleTypes.Add(ReadValueType(ref body));
                break;
            case 2:
                AddSample(ref body);
                break;
            case 3:
                _mappings.Add(ReadFields(ref body, 11, "a mapping"));
                break;
            case 4:
                _locations.Add(ReadLocation(ref body));
                break;
            case 5:
                _functions.Add(ReadFields(ref body, 6, "a function"));
                break;
            case 6:
                ReadString(ref body, tagAt);
                break;
            case 13:
                ProtoWire.ReadRepeated(ref body, ProtoWire.Bytes, field, tagAt, _comments);
                break;
            case 11:
                _periodType = ReadValueType(ref body);
                break;
            case >= 7 and <= 15:
                throw ErrorAt(tagAt, $"field {field} has wire type {ProtoWire.Bytes}, expected {ProtoWire.Varint} (type mismatch)");
        }
    }

    private void ReadString(ref SpanReader body, long tagAt)
    {
        var bytes = body.ReadBytes(body.Remaining);
        if (_strings.Count == 0 && bytes.Length != 0)
        {
            throw ErrorAt(tagAt, "string_table[0] must be \"\" (this is not a profile.proto, or it is corrupt)");
        }

        _stringTableBytes += bytes.Length;
        if (_stringTableBytes > _limits.MaxStringTableBytes)
        {
            throw new InputLimitException(_file, tagAt, $"the string table is larger than {InputLimits.FormatSize(_limits.MaxStringTableBytes)}",
                InputLimits.MaxStringTableFlag);
        }

        Keep(2L * bytes.Length + 32, "the string table");
        _strings.Add(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>ValueType: 1 type, 2 unit (string indexes).</summary>
    private static (long, long) ReadValueType(ref SpanReader r)
    {
        Span<ulong> v = stackalloc ulong[3];
        ProtoWire.ReadVarintFields(ref r, v);
        return ((long)v[1], (long)v[2]);
    }

    /// <summary>Line: 1 function_id, 2 line, 3 column.</summary>
    private static RawLine ReadLine(ref SpanReader r)
    {
        Span<ulong> v = stackalloc ulong[4];
        ProtoWire.ReadVarintFields(ref r, v);
        return new RawLine(v[1], (long)v[2], (long)v[3]);
    }

    /// <summary>Mapping (11: 1 id, 2 memory_start, 3 memory_limit, 4 file_offset, 5 filename, 6 build_id, 7-10 has_*), Function (6: 1 id, 2 name, 3 system_name, 4 filename, 5 start_line).</summary>
    private RawMessage ReadFields(ref SpanReader r, int count, string what)
    {
        var message = new RawMessage(r.Position, new ulong[count]);
        ProtoWire.ReadVarintFields(ref r, message.Fields);
        Keep(8L * count + 64, what);
        return message;
    }

    /// <summary>Location: 1 id, 2 mapping_id, 3 address, 4 line (repeated message), 5 is_folded.</summary>
    private RawLocation ReadLocation(ref SpanReader r)
    {
        var location = new RawLocation(r.Position, new ulong[6]);
        _lineScratch.Clear();
        ProtoWire.ReadVarintFields(ref r, location.Fields, 4, _readLine);
        location.Lines = _lineScratch.Count == 0 ? null : [.. _lineScratch];
        Keep(112L + (32L * _lineScratch.Count), "the locations");
        return location;
    }

    /// <summary>Sample: location ids, values and labels (<see cref="ProtoSampleDecoder"/>). Equal stacks and labels add up.</summary>
    private void AddSample(ref SpanReader r)
    {
        var at = r.Position;
        _sample.Decode(ref r);
        var ids = _sample.Ids;
        var labelList = _sample.Labels;

        // Charges count what the stack costs here and once resolved (ids, locations, two table entries).
        var stack = _stacks.Intern(Narrow(CollectionsMarshal.AsSpan(ids)), out var added);
        if (added)
        {
            Keep(12L * ids.Count + 100, "the distinct stacks");
        }

        var labels = labelList.Count == 0 ? -1
            : Intern(_labelSets.GetAlternateLookup<ReadOnlySpan<ProtoLabel>>(), _labelSetList, CollectionsMarshal.AsSpan(labelList), 32L * labelList.Count + 48, "the sample labels");
        var values = _sample.Values;
        var key = ((long)stack << 32) | (uint)(labels + 1);
        if (_sampleIndex.TryGetValue(key, out var index))
        {
            Accumulate(_samples[index], values, at);
        }
        else
        {
            Keep(16L * values.Length + 200, "the distinct samples");
            _sampleIndex.Add(key, _samples.Count);
            _samples.Add(new RawSample(at, stack, values.ToArray(), labels < 0 ? null : _labelSetList[labels]));
        }
    }

    /// <summary>The sample's location ids as the stack table keeps them (32 bits, wide ones numbered).</summary>
    private ReadOnlySpan<uint> Narrow(ReadOnlySpan<ulong> ids)
    {
        if (_narrowIds.Length < ids.Length)
        {
            _narrowIds = new uint[Math.Max(ids.Length, 2 * _narrowIds.Length)];
        }

        var narrow = _narrowIds.AsSpan(0, ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            narrow[i] = id < WideIdBit ? (uint)id : WideNumber(id);
        }

        return narrow;
    }

    private uint WideNumber(ulong id)
    {
        if (!_wideIdNumbers.TryGetValue(id, out var number))
        {
            if (_wideIds.Count == int.MaxValue)
            {
                throw ErrorAt(_window.Position, "more than 2^31 distinct location ids");
            }

            Keep(64, "the location ids");
            number = WideIdBit | (uint)_wideIds.Count;
            _wideIdNumbers.Add(id, number);
            _wideIds.Add(id);
        }

        return number;
    }

    /// <summary>The location id kept in the stack table as <paramref name="stored"/>.</summary>
    private ulong Widen(uint stored) => stored < WideIdBit ? stored : _wideIds[(int)(stored & ~WideIdBit)];

    private void Accumulate(RawSample sample, ReadOnlySpan<long> values, long at)
    {
        if (values.Length != sample.Values.Length)
        {
            throw ErrorAt(at, $"sample has {values.Length} values, an earlier sample with the same stack and labels has {sample.Values.Length}");
        }

        for (var i = 0; i < values.Length; i++)
        {
            var sum = sample.Values[i] + values[i];
            if (((sample.Values[i] ^ sum) & (values[i] ^ sum)) < 0)
            {
                throw ErrorAt(at, $"the values of samples with the same stack overflow a 64-bit integer (value {i + 1} of the sample)");
            }

            sample.Values[i] = sum;
        }
    }

    /// <summary>The number of the pooled array equal to <paramref name="candidate"/> (a span over a reused buffer): copied only when new.</summary>
    private int Intern<T>(Dictionary<T[], int>.AlternateLookup<ReadOnlySpan<T>> pool, List<T[]> kept, ReadOnlySpan<T> candidate, long cost, string what)
    {
        if (pool.TryGetValue(candidate, out var number))
        {
            return number;
        }

        Keep(cost, what);
        number = kept.Count;
        var copy = candidate.ToArray();
        kept.Add(copy);
        pool.Dictionary.Add(copy, number);
        return number;
    }

    /// <summary>Charges what is about to be kept to the memory budget.</summary>
    private void Keep(long bytes, string what) => _limits.Memory.Charge(bytes, _file, _window.Position, what);

    private void CountRecord()
    {
        if (++_records % RecordCheckInterval == 0 && _records > _limits.MaxRecordsPerInputByte * Math.Max(_rawBytesRead(), 4096))
        {
            throw new InputLimitException(_file, _window.Position,
                $"{_records} records from {InputLimits.FormatSize(_rawBytesRead())} of input is more than {_limits.MaxRecordsPerInputByte} per byte", InputLimits.MaxRecordsPerByteFlag);
        }
    }

    private string Str(long index, long at, string what)
    {
        if (index < 0 || index >= _strings.Count)
        {
            throw ErrorAt(at, $"{what} refers to string {index}, but the string table has {_strings.Count} entries");
        }

        return _strings[(int)index];
    }

    private Profile Resolve()
    {
        var end = _window.Position;
        if (end == 0)
        {
            throw InputFormatException.Whole(_file, "empty profile: no data");
        }

        if (_strings.Count == 0)
        {
            throw ErrorAt(end, "the profile has no string table (string_table[0] must be \"\"); this is not a profile.proto");
        }

        var (mappings, mappingList) = Index(_mappings, "mapping", m => new Mapping(m.U(1), m.U(2), m.U(3), m.U(4),
            Str(m.I(5), m.At, "mapping filename"), Str(m.I(6), m.At, "mapping build id"), m.B(7), m.B(8), m.B(9), m.B(10)));
        var (functions, functionList) = Index(_functions, "function", f => new Function(f.U(1), Str(f.I(2), f.At, "function name"),
            Str(f.I(3), f.At, "function system name"), Str(f.I(4), f.At, "function filename"), f.I(5)));
        var (_, locationList) = Index(_locations, "location", l =>
        {
            var lines = l.Lines is { } raw ? new Line[raw.Length] : [];
            for (var i = 0; i < lines.Length; i++)
            {
                var line = l.Lines![i];
                Function? function = null;
                if (line.FunctionId != 0 && !functions.TryGetValue(line.FunctionId, out function))
                {
                    throw ErrorAt(l.At, $"location {l.U(1)} refers to function id {line.FunctionId}, which is not in the profile");
                }

                lines[i] = new Line(function, line.Line, line.Column);
            }

            mappings.TryGetValue(l.U(2), out var mapping);
            return new Location(l.U(1), mapping, l.U(3), lines, l.B(5));
        });

        var sampleTypes = _sampleTypes.Select(t => new ValueType(Str(t.Type, end, "sample type"), Str(t.Unit, end, "sample unit"))).ToList();
        if (sampleTypes.Count == 0 && _samples.Count + _skippedSamples != 0)
        {
            throw InputFormatException.Whole(_file, "the profile has samples but no sample types");
        }

        var index = new LocationIndex(locationList);
        var dense = index.Dense;
        var singleLabels = new Dictionary<(long Key, long Str, long Num, long Unit), Label[]>();
        var stacks = new IReadOnlyList<Location>?[_stacks.Count];
        var samples = new List<Sample>(_samples.Count);
        foreach (var s in _samples)
        {
            if (s.Values.Length != sampleTypes.Count)
            {
                throw ErrorAt(s.At, $"sample has {s.Values.Length} values but the profile has {sampleTypes.Count} sample types");
            }

            var stack = stacks[s.Stack];
            if (stack is null)
            {
                var ids = _stacks[s.Stack];
                Location[]? copy = dense is null ? new Location[ids.Length] : null;
                for (var i = 0; i < ids.Length; i++)
                {
                    var id = Widen(ids[i]);
                    if (!index.TryGet(id, out var location))
                    {
                        throw ErrorAt(s.At, $"sample refers to location id {id}, which is not in the profile");
                    }

                    copy?[i] = location;
                }

                // With dense ids a stack is a view of its (already kept) ids: no second array per distinct stack.
                stack = stacks[s.Stack] = copy ?? (IReadOnlyList<Location>)new DenseStack(dense!, _stacks.Segment(s.Stack));
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
                throw ErrorAt(raw.At, $"found {what} with reserved id 0");
            }

            var item = make(raw);
            if (!byId.TryAdd(id, item))
            {
                throw ErrorAt(raw.At, $"multiple {what}s with the same id {id}");
            }

            inOrder.Add(item);
        }

        return (byId, inOrder);
    }

    private sealed record RawSample(long At, int Stack, long[] Values, ProtoLabel[]? Labels);

    private readonly record struct RawLine(ulong FunctionId, long Line, long Column);


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

    /// <summary>Label lists compared by content, so equal label sets share one array (and samples with them merge).</summary>
    private sealed class LabelSetComparer : IEqualityComparer<ProtoLabel[]>, IAlternateEqualityComparer<ReadOnlySpan<ProtoLabel>, ProtoLabel[]>
    {
        public static readonly LabelSetComparer Instance = new();

        public bool Equals(ProtoLabel[]? x, ProtoLabel[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(ProtoLabel[] obj) => GetHashCode((ReadOnlySpan<ProtoLabel>)obj);

        public bool Equals(ReadOnlySpan<ProtoLabel> alternate, ProtoLabel[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<ProtoLabel> alternate)
        {
            var hash = new HashCode();
            foreach (var label in alternate)
            {
                hash.Add(label);
            }

            return hash.ToHashCode();
        }

        public ProtoLabel[] Create(ReadOnlySpan<ProtoLabel> alternate) => alternate.ToArray();
    }
}

/// <summary>A sample's stack read through the profile's dense location index (every id checked to be there).</summary>
internal sealed class DenseStack(Location?[] dense, ArraySegment<uint> ids) : IReadOnlyList<Location>
{
    public int Count => ids.Count;

    public Location this[int index] => dense[ids[index]]!;

    public IEnumerator<Location> GetEnumerator()
    {
        foreach (var id in ids)
        {
            yield return dense[id]!;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
