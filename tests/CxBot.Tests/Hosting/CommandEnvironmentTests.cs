using System.IO.Compression;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Hosting;

/// <summary>
/// Every command in both environments against Azurite. Development builds the command's host validating every registration
/// (as the bot's own host does there), so a service a command needs but its host does not register fails here, not for an admin.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommandEnvironmentTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly string _folder = Directory.CreateTempSubdirectory("cxbot-commands-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Setup_ExportThenImportIntoAnotherTenant_ExitZeroAndTheSameSetup(string environment)
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var a = SetupHarness.NewTenant();
        var b = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(a), "contact-centre");
        var file = Path.Combine(_folder, "a.json");

        var export = await RunAsync(environment, "setup", "export", file, "--tenant", a);
        var import = await RunAsync(environment, "setup", "import", file, "--tenant", b);

        Assert.True(export.Exit == 0, export.Error);
        Assert.Equal($"Exported the setup of tenant {a} to {file}.\n", export.Output);
        Assert.True(import.Exit == 0, import.Error);
        var changes = (await h.Store.ReadAuditAsync(b, default)).Count;
        Assert.Equal($"Imported {file} into tenant {b}: {changes} changes, each in the audit trail.\n", import.Output);
        Assert.Equal(SetupRows.ToRows(await h.Service.GetAsync(a, default)), SetupRows.ToRows(await h.Service.GetAsync(b, default)));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Scorecard_RebuildVerifyExport_ExitZeroAndTheirReports(string environment)
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var tenant = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(tenant), "contact-centre");
        var csv = Path.Combine(_folder, "w47.csv");

        var rebuild = await RunAsync(environment, "scorecard", "rebuild", "--tenant", tenant, "--week", "2026-W47");
        var verify = await RunAsync(environment, "scorecard", "verify", "--tenant", tenant, "--week", "2026-W47");
        var export = await RunAsync(environment, "scorecard", "export", "--tenant", tenant, "--week", "2026-W47", "--out", csv);

        Assert.True(rebuild.Exit == 0, rebuild.Error);
        Assert.StartsWith($"Rolled up week 2026-W47 of tenant {tenant}: ", rebuild.Output, StringComparison.Ordinal);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Equal($"Week 2026-W47 of tenant {tenant}: the stored rollups equal the recomputation from the records as they stood when rolled up.\n", verify.Output);
        Assert.True(export.Exit == 0, export.Error);
        Assert.StartsWith("Wrote the figures of week 2026-W47 (0 teams, as of ", export.Output, StringComparison.Ordinal);
        Assert.EndsWith($"no card of the week was posted) to {csv}.\n", export.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(csv));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task ManifestPackage_EveryValue_ExitZeroAndTheZip(string environment)
    {
        var zip = Path.Combine(_folder, "CxBot.zip");

        var package = await RunAsync(
            environment, "manifest", "package", "--out", zip, "--app-id", "3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90", "--bot-id", "0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d",
            "--domain", "cxbot-test.azurewebsites.net", "--version", "2.0.1", "--developer-name", "Contoso Retail", "--website-url", "https://contoso.example/cxbot",
            "--privacy-url", "https://contoso.example/privacy", "--terms-url", "https://contoso.example/terms");

        Assert.True(package.Exit == 0, package.Error);
        Assert.Contains($"Wrote {zip}", package.Output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(3, archive.Entries.Count);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
            ["Storage:MaxRetries"] = "0",
        };
        var exit = await CommandLine.InvokeAsync(args, new CommandHost(settings, environment), output, error, default);
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }
}
