using System.Runtime.InteropServices;

namespace AllocScope.Pprof;

/// <summary>Compares arrays of ids by content, so identical stacks share one entry.</summary>
internal sealed class ArrayContentComparer<T> : IEqualityComparer<T[]>
    where T : unmanaged, IEquatable<T>
{
    public static readonly ArrayContentComparer<T> Instance = new();

    public bool Equals(T[]? x, T[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(T[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
        return hash.ToHashCode();
    }
}
