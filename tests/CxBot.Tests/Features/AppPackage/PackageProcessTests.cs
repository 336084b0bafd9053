using System.Diagnostics;

namespace CxBot.Tests.Features.AppPackage;

/// <summary>The real program (<c>CxBot.dll</c>) in its command-line mode: it packages and exits, and never starts the web server.</summary>
public sealed class PackageProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Main_ManifestPackage_WritesTheZipExitsZeroWithoutListening()
    {
        var path = _folder.File("CxBot.zip");

        var (exit, output) = await RunBotAsync([
            "manifest", "package", "--out", path, "--app-id", "3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90",
            "--bot-id", "0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d", "--domain", "cxbot-test.azurewebsites.net", "--version", "1.0.0",
            "--developer-name", "Contoso", "--website-url", "https://contoso.example/", "--privacy-url", "https://contoso.example/privacy",
            "--terms-url", "https://contoso.example/terms"]);

        Assert.True(exit == 0, output);
        Assert.True(File.Exists(path));
        Assert.Contains("Valid:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_ManifestPackageWithBadValues_NonZeroExitAndNoZip()
    {
        var path = _folder.File("CxBot.zip");

        var (exit, output) = await RunBotAsync(["manifest", "package", "--out", path, "--app-id", "not-a-guid"]);

        Assert.Equal(2, exit);
        Assert.Contains("Teams:AppId (--app-id) must be a GUID", output, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    private async Task<(int Exit, string Output)> RunBotAsync(string[] args)
    {
        // The bot's build output is copied beside the tests; running from a folder outside the repository proves the
        // template is found from the program's own location.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CxBot.dll"), .. args])
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
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
