using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Hosting;

/// <summary>
/// The commands through the real program, as an IT admin runs them: <c>dotnet CxBot.dll setup …</c> with the environment set by
/// <c>ASPNETCORE_ENVIRONMENT</c> (Development validates every registration when the command's host is built) and storage
/// from environment variables, against Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommandProcessTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly string _folder = Directory.CreateTempSubdirectory("cxbot-commands-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task SetupExportThenImport_InEachEnvironment_ExitZeroAndTheSameSetup(string environment)
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var a = SetupHarness.NewTenant();
        var b = SetupHarness.NewTenant();
        await h.PickAsync(SetupHarness.Admin(a), "contact-centre");
        var file = Path.Combine(_folder, "setup.json");

        var export = await CommandProcess.RunAsync(_folder, Environment(environment), "setup", "export", file, "--tenant", a);
        var import = await CommandProcess.RunAsync(_folder, Environment(environment), "setup", "import", file, "--tenant", b);

        Assert.True(export.Exit == 0, export.Output + export.Error);
        Assert.Equal($"Exported the setup of tenant {a} to {file}.", export.Output.Trim());
        Assert.True(import.Exit == 0, import.Output + import.Error);
        Assert.StartsWith($"Imported {file} into tenant {b}:", import.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal("", import.Error);
        Assert.Equal(SetupRows.ToRows(await h.Service.GetAsync(a, default)), SetupRows.ToRows(await h.Service.GetAsync(b, default)));
    }

    private Dictionary<string, string> Environment(string environment) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["ConnectionStrings__Storage"] = azurite.Server.ConnectionString,
        ["Storage__TablePrefix"] = _prefix,
        ["Storage__MaxRetries"] = "0",
    };
}
