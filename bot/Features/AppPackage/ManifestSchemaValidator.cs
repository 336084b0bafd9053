using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CxBot.Features.AppPackage;

/// <summary>
/// Checks manifests against the official Teams JSON schema, offline, by running <c>manifest/validate.js</c>
/// (npm <c>@microsoft/app-manifest</c>, the schemas it bundles) in one Node process.
/// </summary>
internal static class ManifestSchemaValidator
{
    public const string Script = "manifest/validate.js";

    /// <summary>The schema violations of <paramref name="manifest"/>; empty when it is valid.</summary>
    /// <exception cref="InvalidOperationException">Node could not be run, or the script failed.</exception>
    public static async Task<IReadOnlyList<ManifestViolation>> ValidateAsync(string repositoryRoot, JsonObject manifest, CancellationToken cancellationToken)
    {
        var input = new JsonArray(new JsonObject { ["name"] = "manifest", ["manifest"] = manifest.DeepClone() });
        var output = await RunNodeAsync(repositoryRoot, input.ToJsonString(), cancellationToken);
        var result = JsonNode.Parse(output)?.AsArray().SingleOrDefault()?["errors"]?.AsArray()
            ?? throw new InvalidOperationException($"{Script} answered something unexpected: {output}");
        return [.. result.Select(e => new ManifestViolation((string?)e?["path"] ?? "", (string?)e?["message"] ?? ""))];
    }

    private static async Task<string> RunNodeAsync(string repositoryRoot, string input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(repositoryRoot, Script)])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Could not run node (Node 20 or later must be on PATH) to validate the manifest.", ex);
        }

        using var _ = process ?? throw new InvalidOperationException("Could not start node to validate the manifest.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0
                ? await stdout
                : throw new InvalidOperationException($"node {Script} exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
