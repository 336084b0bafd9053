using System.IO.Compression;
using System.Text.Json.Nodes;
using CxBot.Features.AppPackage;
using CxBot.Testing;

namespace CxBot.Tests.Features.AppPackage;

/// <summary>The package built with test values, checked against the official schema (npm @microsoft/app-manifest) offline.</summary>
public sealed class AppPackageBuilderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BuildAsync_TestValues_ZipWithManifestAndIconsAtRootThatValidates(bool proactiveInstall)
    {
        var path = Path.Combine(_folder.Path, "out", "CxBot.zip");

        var result = await AppPackageBuilder.BuildAsync(RepoPaths.Root, TestManifest.Settings with { ProactiveInstall = proactiveInstall }, path, CancellationToken.None);

        Assert.Empty(result.Violations);
        Assert.Equal(path, result.PackagePath);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!.AsObject();
        Assert.True(JsonNode.DeepEquals(result.Manifest, manifest));
        Assert.Equal(proactiveInstall, manifest.ContainsKey("webApplicationInfo"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "manifest", "outline.png")), ReadAll(zip.GetEntry("outline.png")!));

        // The zipped manifest.json, checked again by the official validator directly.
        var verdict = await NodeScript.RunAsync("manifest/validate.js", new JsonArray(new JsonObject { ["name"] = "zip", ["manifest"] = manifest }));
        Assert.Empty(verdict[0]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task PackAsync_BrokenBotId_RefusedNamingThePathAndNothingWritten()
    {
        var manifest = TestManifest.Filled();
        manifest["bots"]![0]!["botId"] = "not-a-guid";
        var path = _folder.File("CxBot.zip");

        var result = await AppPackageBuilder.PackAsync(RepoPaths.Root, manifest, path, CancellationToken.None);

        var problem = Assert.Single(result.Violations);
        Assert.Equal("/bots/0/botId", problem.Path);
        Assert.Contains("must match pattern", problem.Message, StringComparison.Ordinal);
        Assert.Null(result.PackagePath);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task PackAsync_SeveralSchemaAndRuleViolations_EachReportedWithItsPath()
    {
        var manifest = TestManifest.Filled();
        manifest["accentColor"] = "teal";
        manifest["bots"]![0]!["scopes"]!.AsArray().Add("meetings");
        manifest["description"]!["short"] = new string('a', 81);

        var result = await AppPackageBuilder.PackAsync(RepoPaths.Root, manifest, _folder.File("x.zip"), CancellationToken.None);

        var paths = result.Violations.Select(v => v.Path).ToList();
        Assert.Contains("/accentColor", paths);
        Assert.Contains("/bots/0/scopes/3", paths);
        Assert.Contains("/description/short", paths);
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task PackAsync_SchemaNotBundled_RefusedWithoutDownloading()
    {
        var manifest = TestManifest.Filled();
        manifest["$schema"] = "https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json";
        manifest["manifestVersion"] = "1.18";

        var result = await AppPackageBuilder.PackAsync(RepoPaths.Root, manifest, _folder.File("x.zip"), CancellationToken.None);

        Assert.Contains(result.Violations, v => v.Path == "/$schema" && v.Message.Contains("not bundled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PackAsync_IconOutsideTheManifestFolder_Refused()
    {
        var manifest = TestManifest.Filled();
        manifest["icons"]!["outline"] = "../bot/outline.png";

        var result = await AppPackageBuilder.PackAsync(RepoPaths.Root, manifest, _folder.File("x.zip"), CancellationToken.None);

        Assert.Contains(result.Violations, v => v.Path == "/icons/outline");
    }

    [Fact]
    public void FindRepositoryRoot_FromADeepFolder_FindsTheTemplate()
    {
        Assert.Equal(RepoPaths.Root, AppPackageBuilder.FindRepositoryRoot(_folder.Path, Path.Combine(RepoPaths.Root, "bot", "Features")));
        Assert.Null(AppPackageBuilder.FindRepositoryRoot(_folder.Path));
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
