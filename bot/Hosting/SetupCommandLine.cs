using System.CommandLine;
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
    /// <summary>The <c>setup</c> command and its two subcommands.</summary>
    public static Command Create(CommandHost host, CommandHelp help)
    {
        var setup = new Command(
            "setup",
            "Move a tenant's whole setup (organisation, journey, standards with every target version, teams and leadership channels) to or from one JSON file.")
        {
            Verb(host, help, "export", "Write the tenant's setup to FILE (replaced if it exists). Changes nothing in storage.", "The JSON file to write"),
            Verb(host, help, "import", "Check FILE completely, then replace the tenant's setup with it; each change goes to the audit trail. A problem is reported with its line and nothing is written.", "The JSON file to read, as written by `setup export`"),
        };
        help.Examples(setup, "dotnet run --project bot -- setup export contoso.json --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47");
        return setup;
    }

    /// <summary>Runs <c>setup ARGS</c> against <paramref name="settings"/> (configuration that wins over appsettings; tests).</summary>
    public static Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandLine.InvokeAsync(["setup", .. args], new CommandHost(settings), output, error, cancellationToken);

    private static Command Verb(CommandHost host, CommandHelp help, string verb, string description, string fileDescription)
    {
        var file = new Argument<string>("FILE") { Description = fileDescription + "; a relative path is taken from the repository root" };
        var tenant = CommandLine.TenantOption();
        var command = new Command(verb, description) { file, tenant };
        var export = verb == "export";
        command.SetRun(
            export ? "No file was written." : "Nothing was imported: the tenant's setup is as it was.",
            (parse, output, error, cancellationToken) => RunAsync(host, export, parse.GetRequiredValue(file), parse.GetRequiredValue(tenant), output, error, cancellationToken));
        help.Examples(command, $"dotnet run --project bot -- setup {verb} contoso.json --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47");
        return command;
    }

    /// <summary>The exit code: 0 done, 1 the document was refused, 2 a configuration, storage or file problem.</summary>
    private static async Task<int> RunAsync(CommandHost host, bool export, string file, string tenant, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = AppPackageBuilder.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
        var path = Path.GetFullPath(file, root);
        await using var app = host.Build(builder => builder.AddCxBotSetupCore());
        SetupTransfer transfer;
        try
        {
            transfer = app.Services.GetRequiredService<SetupTransfer>();
            _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("The storage configuration is not valid: " + string.Join(" ", ex.Failures));
            return CommandLine.Problem;
        }

        try
        {
            return export
                ? await ExportAsync(transfer, tenant, path, output, cancellationToken)
                : await ImportAsync(transfer, tenant, path, output, error, cancellationToken);
        }
        catch (TableStorageException ex)
        {
            await error.WriteLineAsync($"Table storage refused or could not be reached ({ex.Status} {ex.ErrorCode}): {ex.Message}");
            return CommandLine.Problem;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot use {path}: {ex.Message}");
            return CommandLine.Problem;
        }
    }

    private static async Task<int> ExportAsync(SetupTransfer transfer, string tenant, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var json = await transfer.ExportAsync(tenant, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Once writing starts it finishes: a cancel half-way would leave a truncated file where the old one was.
        cancellationToken.ThrowIfCancellationRequested();
        await File.WriteAllTextAsync(path, json, CancellationToken.None);
        await output.WriteLineAsync($"Exported the setup of tenant {tenant} to {path}.");
        return CommandLine.Done;
    }

    private static async Task<int> ImportAsync(SetupTransfer transfer, string tenant, string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"{path} does not exist.");
            return CommandLine.Problem;
        }

        var result = await transfer.ImportAsync(tenant, await File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
        if (!result.Imported)
        {
            await error.WriteLineAsync($"{path} was refused; nothing was changed:" + Environment.NewLine + string.Join(Environment.NewLine, result.Problems.Select(p => "  " + p)));
            return CommandLine.Refused;
        }

        await output.WriteLineAsync($"Imported {path} into tenant {tenant}: {CommandLine.Count(result.RowsChanged, "change")}, each in the audit trail.");
        return CommandLine.Done;
    }
}
