namespace AllocScope.Inputs;

/// <summary>Progress of a file read in two passes shown as one: each pass is half of it, and it is done after the second.</summary>
internal sealed class TwoPassProgress(IProgressReporter inner, string file) : IProgressReporter
{
    private bool _twoPasses;
    private bool _secondPass;
    private bool _done;
    private long _size;

    public IProgressReporter Inner => inner;

    /// <summary>The file (of <paramref name="size"/> bytes on disk) is read twice.</summary>
    public void ExpectTwoPasses(long size)
    {
        _twoPasses = true;
        _size = size;
    }

    public void StartSecondPass() => _secondPass = true;

    public void Report(string file, long bytesRead, long totalBytes)
    {
        if (!_twoPasses)
        {
            inner.Report(file, bytesRead, totalBytes);
        }
        else if (!_secondPass)
        {
            inner.Report(file, bytesRead / 2, totalBytes);
        }
        else
        {
            // The second pass may read a spool of the decompressed bytes: told as a share of the file's size.
            var total = _size;
            inner.Report(file, (total / 2) + (long)(total / 2.0 * bytesRead / Math.Max(totalBytes, 1)), total);
        }
    }

    public void Done(string name)
    {
        if (!_twoPasses || _secondPass)
        {
            Finish();
        }
    }

    /// <summary>Ends the progress whatever pass it is in (a read abandoned, or the profile disposed).</summary>
    public void Finish()
    {
        if (!_done)
        {
            _done = true;
            inner.Done(file);
        }
    }
}
