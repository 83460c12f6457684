namespace AllocScope.Bench;

/// <summary>
/// One benchmark of `go test -bench -benchmem` output, its runs averaged: the name without the `-GOMAXPROCS` suffix
/// (`BenchmarkRead`, `BenchmarkEncode/Digits/Huffman/1e4`), and ns, bytes and allocations per operation.
/// </summary>
public sealed record BenchmarkResult(string Name, int Runs, double NsPerOp, double? BytesPerOp, double? AllocsPerOp)
{
    /// <summary>The b.N of the final run, summed over runs (-count): with -benchtime=Nx each run also ran one op before it.</summary>
    public long Iterations { get; init; }

    /// <summary>The top-level benchmark function the name runs (`BenchmarkEncode` for `BenchmarkEncode/Digits/…`).</summary>
    public string Function => Name.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? Name[..slash] : Name;
}
