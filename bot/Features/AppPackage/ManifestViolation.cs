namespace CxBot.Features.AppPackage;

/// <summary>One reason an app package is refused: where (a JSON pointer into the manifest, e.g. <c>/bots/0/botId</c>) and why.</summary>
internal sealed record ManifestViolation(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "/" : Path)}: {Message}";
}
