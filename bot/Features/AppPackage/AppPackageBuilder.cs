using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Features.AppPackage;

/// <summary>
/// Builds the Teams app package: fills <c>manifest/manifest.template.json</c>, checks it (Teams rules, icons, the
/// official schema) and only then writes the zip with <c>manifest.json</c> and both icons at its root.
/// </summary>
internal static class AppPackageBuilder
{
    public const string ManifestFolder = "manifest";
    public const string TemplateFile = "manifest.template.json";
    public const string ManifestEntry = "manifest.json";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The repository folder holding <c>manifest/manifest.template.json</c>, searched upwards from each start folder in turn.</summary>
    public static string? FindRepositoryRoot(params string[] startFolders) => startFolders
        .Select(start => Ancestors(new DirectoryInfo(start)).FirstOrDefault(d => File.Exists(Path.Combine(d.FullName, ManifestFolder, TemplateFile))))
        .FirstOrDefault(found => found is not null)?.FullName;

    /// <summary>Fills the template with <paramref name="settings"/>, then <see cref="PackAsync"/>.</summary>
    public static async Task<AppPackageResult> BuildAsync(string repositoryRoot, AppPackageSettings settings, string packagePath, CancellationToken cancellationToken)
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repositoryRoot, ManifestFolder, TemplateFile), cancellationToken))?.AsObject()
            ?? throw new InvalidOperationException($"{ManifestFolder}/{TemplateFile} is not a JSON object.");
        JsonObject manifest;
        try
        {
            manifest = ManifestTemplate.Fill(template, settings.Placeholders, settings.ProactiveInstall);
        }
        catch (FormatException ex)
        {
            return new AppPackageResult(null, [new ManifestViolation("", ex.Message)], null);
        }

        return await PackAsync(repositoryRoot, manifest, packagePath, cancellationToken);
    }

    /// <summary>Checks a filled manifest and its icons (from <c>manifest/</c>) and writes the zip only when all is valid.</summary>
    /// <exception cref="InvalidOperationException">The schema check could not run (no Node, or no npm tools).</exception>
    public static async Task<AppPackageResult> PackAsync(string repositoryRoot, JsonObject manifest, string packagePath, CancellationToken cancellationToken)
    {
        var problems = new List<ManifestViolation>(ManifestRules.Check(manifest));
        var icons = new List<(string Name, byte[] Bytes)>();
        foreach (var (kind, check) in new (string, Func<string, byte[], IReadOnlyList<ManifestViolation>>)[] { ("color", IconRules.CheckColor), ("outline", IconRules.CheckOutline) })
        {
            var path = $"/icons/{kind}";
            if (await ReadIconAsync(repositoryRoot, manifest["icons"]?[kind], path, problems, cancellationToken) is { } icon)
            {
                problems.AddRange(check(path, icon.Bytes));
                icons.Add(icon);
            }
        }

        problems.AddRange(await ManifestSchemaValidator.ValidateAsync(repositoryRoot, manifest, cancellationToken));
        if (problems.Count > 0)
        {
            return new AppPackageResult(manifest, problems, null);
        }

        var full = Path.GetFullPath(packagePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);

        // Once writing starts it finishes (a few kilobytes): a cancel half-way would leave a broken zip someone might upload.
        cancellationToken.ThrowIfCancellationRequested();
        await using (var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        await using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            await WriteEntryAsync(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson), CancellationToken.None);
            foreach (var (name, bytes) in icons.DistinctBy(i => i.Name))
            {
                await WriteEntryAsync(zip, name, bytes, CancellationToken.None);
            }
        }

        return new AppPackageResult(manifest, [], full);
    }

    private static async Task<(string Name, byte[] Bytes)?> ReadIconAsync(string repositoryRoot, JsonNode? reference, string path, List<ManifestViolation> problems, CancellationToken cancellationToken)
    {
        var name = reference is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || !name.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new(path, "must name a .png file at the package root (in manifest/ here)"));
            return null;
        }

        var file = Path.Combine(repositoryRoot, ManifestFolder, name);
        if (!File.Exists(file))
        {
            problems.Add(new(path, $"{ManifestFolder}/{name} does not exist"));
            return null;
        }

        return (name, await File.ReadAllBytesAsync(file, cancellationToken));
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await entry.WriteAsync(bytes, cancellationToken);
    }

    private static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? dir)
    {
        for (; dir is not null; dir = dir.Parent)
        {
            yield return dir;
        }
    }
}
