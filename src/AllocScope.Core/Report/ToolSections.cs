namespace AllocScope.Report;

/// <summary>An external program AllocScope can use: where it is, its version, what it enables, how to install it.</summary>
public sealed record ExternalTool(string Name, string? Path, string? Version, string Enables, string? InstallHint);

/// <summary>The external programs found (or missing) on this machine.</summary>
public sealed record ToolsSection(IReadOnlyList<ExternalTool> Tools) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}
