using AllocScope.Pprof;

namespace AllocScope.Sites;

/// <summary>One printed line of a listing: its number, values, source text (null when the file was not found) and compiler notes.</summary>
public sealed record ListingLine(long Number, long Flat, long Cum, string? Text, IReadOnlyList<string> Notes);

/// <summary>One function's listing in one file; <see cref="SourcePath"/> is the file read, null when it was not found.</summary>
public sealed record AnnotatedFunction(FunctionListing Listing, string? SourcePath, IReadOnlyList<ListingLine> Lines);

/// <summary>
/// The join behind `list`: pprof's per-line numbers (<see cref="SourceListing"/>) with the source text and the
/// compiler's decisions at each line. With the source, lines run from the listing's first line to its last or the end of
/// the file (as pprof prints them); without it, only the lines with values, numbers only.
/// </summary>
public static class AnnotatedListing
{
    public static IReadOnlyList<AnnotatedFunction> Build(IReadOnlyList<FunctionListing> listings, GoSourceTree source, CompilerNotesByLine? notes)
    {
        // Absolute paths outside the source root (a non-trimpath build's GOROOT files) are read where they are, as pprof does.
        var elsewhere = new GoSourceTree(null);
        var functions = new List<AnnotatedFunction>(listings.Count);
        foreach (var listing in listings)
        {
            if (listing.File.Length == 0)
            {
                functions.Add(new AnnotatedFunction(listing, null, []));
                continue;
            }

            var file = source.Find(listing.File) ?? (Path.IsPathRooted(listing.File) ? elsewhere.Find(listing.File) : null);
            var lines = new List<ListingLine>();
            IEnumerable<long> numbers = file is null
                ? listing.Lines.Keys.Where(n => n > 0).Order()
                : Range(listing.FirstLine, Math.Min(listing.LastLine, file.Lines.Count));
            foreach (var n in numbers)
            {
                var (flat, cum) = listing.Lines.GetValueOrDefault(n);
                lines.Add(new ListingLine(n, flat, cum, file?.Line(n), notes?.At(listing.File, n) ?? []));
            }

            functions.Add(new AnnotatedFunction(listing, file?.Path, lines));
        }

        return functions;
    }

    private static IEnumerable<long> Range(long first, long last)
    {
        for (var n = first; n <= last; n++)
        {
            yield return n;
        }
    }
}
