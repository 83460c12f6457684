namespace AllocScope.Trace;

/// <summary>
/// The Ms of a generation that still have events, as a min-heap on the time of each one's next event (Go's
/// heapInsert, heapUpdate, heapRemove); <see cref="SortByTime"/> orders it whole when the earliest M cannot advance.
/// </summary>
internal sealed class TraceV2Frontier
{
    private readonly List<TraceV2Cursor> _heap = [];

    public int Count => _heap.Count;

    public TraceV2Cursor this[int i] => _heap[i];

    public void Insert(TraceV2Cursor c)
    {
        _heap.Add(c);
        SiftUp(_heap.Count - 1);
    }

    /// <summary>After the cursor at <paramref name="i"/> read its next event.</summary>
    public void Update(int i)
    {
        if (SiftUp(i) == i)
        {
            SiftDown(i);
        }
    }

    public void RemoveAt(int i)
    {
        while (i > 0)
        {
            Swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }

        Swap(0, _heap.Count - 1);
        _heap.RemoveAt(_heap.Count - 1);
        SiftDown(0);
    }

    /// <summary>A sorted heap is still a heap; the Ms can then be tried in time order (often it still is sorted from the last time).</summary>
    public void SortByTime()
    {
        for (var i = 1; i < _heap.Count; i++)
        {
            if (_heap[i - 1].Event.Time > _heap[i].Event.Time)
            {
                _heap.Sort((a, b) => a.Event.Time.CompareTo(b.Event.Time));
                return;
            }
        }
    }

    private int SiftUp(int i)
    {
        while (i > 0 && _heap[(i - 1) / 2].Event.Time > _heap[i].Event.Time)
        {
            Swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }

        return i;
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var m = i;
            var min = i < _heap.Count ? _heap[i].Event.Time : long.MaxValue;
            foreach (var child in (ReadOnlySpan<int>)[(2 * i) + 1, (2 * i) + 2])
            {
                if (child < _heap.Count && _heap[child].Event.Time < min)
                {
                    min = _heap[child].Event.Time;
                    m = child;
                }
            }

            if (m == i)
            {
                return;
            }

            Swap(i, m);
            i = m;
        }
    }

    private void Swap(int a, int b) => (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
}
