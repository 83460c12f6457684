using System.Runtime.InteropServices;

namespace AllocScope.Pprof;

/// <summary>
/// Compares arrays of ids by content, so identical stacks share one entry; also looks them up by a span (a reused
/// buffer), so a stack already seen costs no allocation.
/// </summary>
internal sealed class ArrayContentComparer<T> : IEqualityComparer<T[]>, IAlternateEqualityComparer<ReadOnlySpan<T>, T[]>
    where T : unmanaged, IEquatable<T>
{
    public static readonly ArrayContentComparer<T> Instance = new();

    public bool Equals(T[]? x, T[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(T[] obj) => GetHashCode((ReadOnlySpan<T>)obj);

    public bool Equals(ReadOnlySpan<T> alternate, T[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<T> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(alternate));
        return hash.ToHashCode();
    }

    public T[] Create(ReadOnlySpan<T> alternate) => alternate.ToArray();
}
