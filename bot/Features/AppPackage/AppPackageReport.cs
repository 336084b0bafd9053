namespace CxBot.Features.AppPackage;

/// <summary>What the <c>manifest package</c> command prints: the package and what was checked, or every violation with its path.</summary>
internal static class AppPackageReport
{
    public static async Task WriteAsync(AppPackageResult result, AppPackageSettings settings, TextWriter output, TextWriter error)
    {
        if (!result.IsValid)
        {
            await error.WriteLineAsync($"The Teams app package is not valid ({result.Violations.Count} problem{(result.Violations.Count == 1 ? "" : "s")}); nothing was written:");
            foreach (var violation in result.Violations)
            {
                await error.WriteLineAsync("  " + violation);
            }

            return;
        }

        var manifest = result.Manifest!;
        await output.WriteLineAsync($"Wrote {result.PackagePath}");
        await output.WriteLineAsync($"  {AppPackageBuilder.ManifestEntry}  {manifest["name"]?["short"]} {settings.Version}, app id {settings.AppId}, bot id {settings.BotId}, domain {settings.Domain}");
        await output.WriteLineAsync($"  {manifest["icons"]?["color"]}, {manifest["icons"]?["outline"]}");
        await output.WriteLineAsync($"  webApplicationInfo: {(settings.ProactiveInstall ? "yes (Graph proactive installation)" : "no")}");
        await output.WriteLineAsync($"Valid: Teams rules, icons, and schema {manifest["manifestVersion"]} (offline, npm @microsoft/app-manifest).");
    }
}
