using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CxBot.Testing;

/// <summary>Runs one of the repository's Node scripts with JSON on stdin and reads JSON from stdout.</summary>
public static class NodeScript
{
    /// <summary>Runs <c>node &lt;script&gt;</c> from the repository root, feeding <paramref name="input"/>.</summary>
    /// <param name="script">The script path relative to the repository root, e.g. <c>tests/cards-js/expand.js</c>.</param>
    /// <param name="input">The JSON written to the script's stdin.</param>
    /// <param name="cancellationToken">Stops waiting (and kills the process).</param>
    /// <exception cref="InvalidOperationException">The script fails or writes something that is not JSON.</exception>
    public static async Task<JsonNode> RunAsync(string script, JsonNode input, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(RepoPaths.Root, script)])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(input.ToJsonString().AsMemory(), cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout;
            return process.ExitCode == 0 && JsonNode.Parse(output) is { } result
                ? result
                : throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
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
