using CxBot.Features.AppPackage;
using CxBot.Features.Setup;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>
/// <c>setup export|import FILE --tenant ID</c>: a tenant's whole setup to or from one JSON document, against the configured
/// storage, without starting the web server. An import is checked completely before anything is written.
/// </summary>
internal static class SetupCommandLine
{
    private const string Usage = """
        Usage: dotnet run --project bot -- setup export FILE --tenant TENANT-ID
               dotnet run --project bot -- setup import FILE --tenant TENANT-ID
          export  writes the tenant's organisation, journey, standards (with every target version), teams and leadership channels
          import  checks FILE completely (a problem is reported with its line and nothing is written), then replaces the tenant's setup
        A relative FILE is taken from the repository root. Storage comes from ConnectionStrings:Storage and Storage:* as for the bot.
        """;

    /// <summary>The exit code: 0 done, 1 the document was refused, 2 a usage or configuration problem.</summary>
    /// <param name="settings">Configuration that wins over appsettings and environment variables (tests).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args is not [var verb and ("export" or "import"), var file, "--tenant", var tenant] || string.IsNullOrWhiteSpace(tenant))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var root = AppPackageBuilder.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
        var path = Path.GetFullPath(file, root);
        await using var app = Build(settings);
        SetupTransfer transfer;
        try
        {
            transfer = app.Services.GetRequiredService<SetupTransfer>();
            _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("The storage configuration is not valid: " + string.Join(" ", ex.Failures));
            return 2;
        }

        try
        {
            return verb == "export"
                ? await ExportAsync(transfer, tenant, path, output, cancellationToken)
                : await ImportAsync(transfer, tenant, path, output, error, cancellationToken);
        }
        catch (TableStorageException ex)
        {
            await error.WriteLineAsync($"Table storage refused or could not be reached ({ex.Status} {ex.ErrorCode}): {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot use {path}: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> ExportAsync(SetupTransfer transfer, string tenant, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var json = await transfer.ExportAsync(tenant, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, json, cancellationToken);
        await output.WriteLineAsync($"Exported the setup of tenant {tenant} to {path}.");
        return 0;
    }

    private static async Task<int> ImportAsync(SetupTransfer transfer, string tenant, string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"{path} does not exist.");
            return 2;
        }

        var result = await transfer.ImportAsync(tenant, await File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
        if (!result.Imported)
        {
            await error.WriteLineAsync($"{path} was refused; nothing was changed:" + Environment.NewLine + string.Join(Environment.NewLine, result.Problems.Select(p => "  " + p)));
            return 1;
        }

        await output.WriteLineAsync($"Imported {path} into tenant {tenant}: {result.RowsChanged} change(s), each in the audit trail.");
        return 0;
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateBuilder();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCxBotStorage();
        builder.AddCxBotSetup();
        return builder.Build();
    }
}
