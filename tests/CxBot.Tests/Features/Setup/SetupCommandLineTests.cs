using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Setup;

/// <summary><c>setup export|import</c> through the command-line dispatcher's setup mode, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupCommandLineTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly string _folder = Directory.CreateTempSubdirectory("cxbot-setup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ExportThenImport_AnotherTenant_ExitZeroAndIdenticalExport()
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var a = SetupHarness.NewTenant();
        var b = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(a), "contact-centre");
        var fileA = Path.Combine(_folder, "a.json");
        var fileB = Path.Combine(_folder, "b.json");

        var export = await RunAsync("export", fileA, "--tenant", a);
        var import = await RunAsync("import", fileA, "--tenant", b);
        var exportB = await RunAsync("export", fileB, "--tenant", b);

        Assert.True(export.Exit == 0 && import.Exit == 0 && exportB.Exit == 0, export.Text + import.Text + exportB.Text);
        Assert.Contains("first-contact-resolution", await File.ReadAllTextAsync(fileA), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(fileA), await File.ReadAllTextAsync(fileB));
        Assert.Equal(SetupRows.ToRows(await h.Service.GetAsync(a, default)), SetupRows.ToRows(await h.Service.GetAsync(b, default)));
    }

    [Fact]
    public async Task Import_BrokenFile_ExitOneWithLineAndNothingWritten()
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var tenant = SetupHarness.NewTenant();
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, "{\n  \"formatVersion\": 1,\n  \"setup\": {\n    \"journey\": [,]\n  }\n}\n");

        var (exit, text) = await RunAsync("import", file, "--tenant", tenant);

        Assert.Equal(1, exit);
        Assert.Contains("Line 4", text, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", text, StringComparison.Ordinal);
        Assert.Null((await h.Service.GetAsync(tenant, default)).Organisation);
        Assert.Empty(await h.Store.ReadAuditAsync(tenant, default));
    }

    [Theory]
    [InlineData("Option '--tenant' is required.", "CxBot setup export <FILE> [options]", "export")]
    [InlineData("Unrecognized command or argument 'delete'.", "CxBot setup [command] [options]", "delete", "x.json", "--tenant", "t")]
    [InlineData("Option '--tenant' is required.", "CxBot setup import <FILE> [options]", "import", "x.json")]
    [InlineData("--tenant needs a tenant id.", "CxBot setup import <FILE> [options]", "import", "x.json", "--tenant", " ")]
    public async Task Setup_BadArguments_ExitTwoWithTheProblemAndUsage(string problem, string usage, params string[] args)
    {
        var (exit, text) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(problem, text, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  " + usage, text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_StorageUnreachable_ExitTwoWithReasonNoCrash()
    {
        using var output = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString.Replace($":{azurite.Server.Port}/", ":1/", StringComparison.Ordinal),
            ["Storage:MaxRetries"] = "0",
        };

        var exit = await SetupCommandLine.RunAsync(["export", Path.Combine(_folder, "x.json"), "--tenant", "t"], settings, output, output, default);

        Assert.Equal(2, exit);
        Assert.Contains("Table storage refused or could not be reached", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Connection refused", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.json")));
    }

    [Fact]
    public async Task CommandLine_SetupWords_DispatchedToSetupModeNotTheBot()
    {
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(["setup", "export"], output, output, default);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:\n  CxBot setup export <FILE> [options]", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Text)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
            ["Storage:MaxRetries"] = "0",
        };
        var exit = await SetupCommandLine.RunAsync(args, settings, output, output, default);
        return (exit, output.ToString());
    }
}
