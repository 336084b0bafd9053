using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CxBot.Testing;

namespace CxBot.Tests.Infra;

/// <summary>One finding of the Bicep compiler or linter: <c>file(line,column) : Warning rule: message</c>.</summary>
internal sealed record BicepDiagnostic(string File, int Line, string Level, string Code, string Message);

/// <summary>What one run of the compiler printed and how it exited.</summary>
internal sealed record BicepRun(int Exit, string Output)
{
    /// <summary>Every diagnostic line of the output.</summary>
    public IReadOnlyList<BicepDiagnostic> Diagnostics => BicepCli.ParseDiagnostics(Output);

    /// <summary>The errors and warnings (the compiler's and the linter's), not the informational notes.</summary>
    public IReadOnlyList<BicepDiagnostic> Problems => Diagnostics.Where(d => d.Level is "Error" or "Warning").ToList();
}

/// <summary>
/// The Bicep compiler from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c> (pinned in Directory.Packages.props,
/// referenced by this test project, restored with it). Every run passes <c>--no-restore</c>: the template has no external
/// modules, and without it the compiler looks up the public module index on the internet on every build and lint.
/// </summary>
internal static partial class BicepCli
{
    private static readonly Lazy<string> ExecutablePath = new(FindExecutable);

    /// <summary>Runs <c>bicep ARGS --no-restore</c> from the repository root, at most two minutes.</summary>
    public static async Task<BicepRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(ExecutablePath.Value, [.. args, "--no-restore"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + ExecutablePath.Value);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return new BicepRun(process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>The diagnostic lines of the compiler's default output format.</summary>
    public static IReadOnlyList<BicepDiagnostic> ParseDiagnostics(string output) =>
        output.Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BicepDiagnostic(
                m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["level"].Value,
                m.Groups["code"].Value,
                m.Groups["message"].Value))
            .ToList();

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();

    private static string FindExecutable()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"The Bicep compiler package restored for these tests is Azure.Bicep.CommandLine.linux-x64; this machine is {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}.");
        }

        var folder = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageFolder")?.Value;
        var path = string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "tools", "bicep");
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep compiler was not found (package folder '{folder}'). It comes with `dotnet restore` of tests/CxBot.Tests " +
                "(PackageReference Azure.Bicep.CommandLine.linux-x64, GeneratePathProperty).", path);
        }

        // NuGet keeps the execute bit it finds in the package; give it back if the extraction lost it.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
