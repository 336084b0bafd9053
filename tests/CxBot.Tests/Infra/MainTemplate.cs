using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Infra;

/// <summary>
/// <c>infra/main.bicep</c> compiled once (into a temporary folder) for every test that reads the ARM JSON, and small
/// helpers to read that JSON.
/// </summary>
internal static class MainTemplate
{
    private static readonly Lazy<Task<(BicepRun Run, JsonObject? Arm)>> Compiled = new(CompileAsync);

    public static string SourcePath => Path.Combine(RepoPaths.Root, "infra", "main.bicep");

    /// <summary>The compiler's run on <c>infra/main.bicep</c> and the ARM template it wrote (null when it wrote none).</summary>
    public static Task<(BicepRun Run, JsonObject? Arm)> CompileOnceAsync() => Compiled.Value;

    /// <summary>The compiled template; fails the test with the compiler's output when the build wrote none.</summary>
    public static async Task<JsonObject> ArmAsync()
    {
        var (run, arm) = await CompileOnceAsync();
        return arm ?? throw new InvalidOperationException($"bicep build wrote no template (exit {run.Exit}):\n{run.Output}");
    }

    /// <summary>The template's resources, whether the compiler wrote them as an array or (language version 2.0) by name.</summary>
    public static IReadOnlyList<JsonObject> Resources(JsonObject arm) => arm["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>().ToList(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>().ToList(),
        _ => [],
    };

    /// <summary>The one resource of <paramref name="type"/>.</summary>
    public static JsonObject Single(JsonObject arm, string type) =>
        Assert.Single(Resources(arm), r => (string?)r["type"] == type);

    private static async Task<(BicepRun, JsonObject?)> CompileAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cxbot-bicep-");
        try
        {
            var outFile = Path.Combine(folder.FullName, "main.json");
            var run = await BicepCli.RunAsync("build", SourcePath, "--outfile", outFile);
            var arm = File.Exists(outFile) ? JsonNode.Parse(await File.ReadAllTextAsync(outFile)) as JsonObject : null;
            return (run, arm);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
