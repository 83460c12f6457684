namespace AllocScope.Pprof;

/// <summary>Go's heap-profile unsampling (runtime/pprof scaleHeapSample = google/pprof scaleHeapSample).</summary>
public static class HeapSampling
{
    /// <summary>
    /// Estimates the true (count, bytes) of a bucket sampled at <paramref name="rate"/> bytes: Go samples an allocation
    /// of size S with probability 1 − e^(−S/rate), so each recorded value is divided by that probability.
    /// Rate 1 means every allocation was recorded; rate &lt; 1 means unknown; neither is scaled.
    /// </summary>
    public static (long Count, long Size) Unsample(long count, long size, long rate)
    {
        if (count == 0 || size == 0)
        {
            return (0, 0);
        }

        if (rate <= 1)
        {
            return (count, size);
        }

        var average = (double)size / count;
        var scale = 1 / (1 - Math.Exp(-average / rate));
        return ((long)(count * scale), (long)(size * scale));
    }
}
