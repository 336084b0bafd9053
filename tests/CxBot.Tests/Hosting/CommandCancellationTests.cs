using System.Net;
using System.Net.Sockets;
using CxBot.Hosting;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Hosting;

/// <summary>
/// Ctrl-C: the cancellation reaches the work, the command ends with one plain line saying what was and was not changed, exit
/// 130, no stack trace, and nothing half-done.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommandCancellationTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly string _folder = Directory.CreateTempSubdirectory("cxbot-cancel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SetupImport_Cancelled_Exit130AndTheTenantUnchanged()
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var a = SetupHarness.NewTenant();
        var b = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(a), "contact-centre");
        var file = Path.Combine(_folder, "a.json");
        Assert.Equal(0, (await RunAsync(default, "setup", "export", file, "--tenant", a)).Exit);

        var (exit, output, error) = await RunAsync(Cancelled(), "setup", "import", file, "--tenant", b);

        Assert.Equal(130, exit);
        Assert.Equal("Cancelled. Nothing was imported: the tenant's setup is as it was.\n", error);
        Assert.Equal("", output);
        Assert.Null((await h.Service.GetAsync(b, default)).Organisation);
        Assert.Empty(await h.Store.ReadAuditAsync(b, default));
    }

    [Theory]
    [InlineData("Cancelled. No file was written.\n", "setup", "export", "{file}", "--tenant", "{tenant}")]
    [InlineData("Cancelled. No file was written; teams already rolled up again keep their new figures.\n", "scorecard", "export", "--tenant", "{tenant}", "--week", "2026-W47", "--out", "{file}")]
    [InlineData("Cancelled. No package was written.\n", "manifest", "package", "--out", "{file}", "--app-id", "3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90", "--bot-id", "0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d", "--domain", "cxbot-test.azurewebsites.net", "--developer-name", "Contoso", "--website-url", "https://contoso.example/", "--privacy-url", "https://contoso.example/privacy", "--terms-url", "https://contoso.example/terms")]
    public async Task WritingCommand_Cancelled_Exit130OneLineAndNoFile(string line, params string[] args)
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var tenant = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(tenant), "contact-centre");
        var file = Path.Combine(_folder, "out.bin");

        var (exit, output, error) = await RunAsync(Cancelled(), [.. args.Select(a => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{tenant}", tenant, StringComparison.Ordinal))]);

        Assert.Equal(130, exit);
        Assert.Equal(line, error);
        Assert.Equal("", output);
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("Cancelled. Nothing was changed.\n", "verify")]
    [InlineData("Cancelled. Teams already rolled up keep their new figures; run `scorecard rebuild` again to finish (it is safe to repeat).\n", "rebuild")]
    public async Task Scorecard_Cancelled_Exit130AndOneLine(string line, string verb)
    {
        var (exit, output, error) = await RunAsync(Cancelled(), "scorecard", verb, "--tenant", SetupHarness.NewTenant(), "--week", "2026-W47");

        Assert.Equal(130, exit);
        Assert.Equal(line, error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("export", "Cancelled. No file was written.")]
    [InlineData("import", "Cancelled. Nothing was imported: the tenant's setup is as it was.")]
    public async Task CtrlC_WhileWaitingForStorage_TheProcessStopsAtOnceExit130NoStackTrace(string verb, string line)
    {
        // Storage that accepts the connection and never answers: the command waits on it until Ctrl-C cancels the wait.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var file = Path.Combine(_folder, "setup.json");
        if (verb == "import")
        {
            var h = new SetupHarness(azurite.Server, _prefix);
            var a = SetupHarness.NewTenant();
            await h.PickAsync(SetupHarness.Admin(a), "contact-centre");
            Assert.Equal(0, (await RunAsync(default, "setup", "export", file, "--tenant", a)).Exit);
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Storage"] = $"DefaultEndpointsProtocol=http;AccountName={TableConnection.DevelopmentAccountName};AccountKey={TableConnection.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/{TableConnection.DevelopmentAccountName}",
            ["Storage__MaxRetries"] = "0",
        };
        using var command = CommandProcess.Start(_folder, environment, "setup", verb, file, "--tenant", SetupHarness.NewTenant());
        using var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var connection = await silent.AcceptTcpClientAsync(waiting.Token);

        await command.InterruptAsync();
        var (exit, output, error) = await command.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 130, $"exit {exit}\n{output}{error}");
        Assert.Equal(line, error.Trim());
        Assert.Equal("", output);
        Assert.Equal(verb == "import", File.Exists(file));
    }

    private static CancellationToken Cancelled() => new(canceled: true);

    private async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
            ["Storage:MaxRetries"] = "0",
        };
        var exit = await CommandLine.InvokeAsync(args, new CommandHost(settings), output, error, cancellationToken);
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
