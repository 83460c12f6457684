namespace AllocScope.Toolchain;

/// <summary>An external program AllocScope needs (go, bpftrace, chromium) is not installed.</summary>
public sealed class ToolMissingException(string tool, string howToInstall)
    : Exception($"{tool} not found; {howToInstall}")
{
    public string Tool { get; } = tool;
}
