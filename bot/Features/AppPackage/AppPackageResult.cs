using System.Text.Json.Nodes;

namespace CxBot.Features.AppPackage;

/// <summary>What packaging produced: the filled manifest, and either a written zip or the reasons it was refused.</summary>
internal sealed record AppPackageResult(JsonObject? Manifest, IReadOnlyList<ManifestViolation> Violations, string? PackagePath)
{
    public bool IsValid => Violations.Count == 0;
}
