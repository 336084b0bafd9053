using System.Text.Json;

namespace CxBot.Features.Setup;

/// <summary>The export document: a format version and the tenant's whole setup.</summary>
internal sealed record SetupDocument(int FormatVersion, TenantSetup Setup)
{
    public const int CurrentVersion = 1;
}

/// <summary>The result of an import: written, or refused with every problem found (nothing written).</summary>
internal sealed record ImportResult(bool Imported, IReadOnlyList<string> Problems, int RowsChanged);

/// <summary>
/// Exports a tenant's whole setup as one JSON document and imports one back. An import is checked completely first (syntax and
/// types with their line, then every rule) and only then written, replacing the tenant's setup; the changes are audited.
/// </summary>
internal sealed class SetupTransfer(SetupStore store, TimeProvider time, ILogger<SetupTransfer> logger)
{
    public const string ImportUser = "import";

    public async Task<string> ExportAsync(string tenantId, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(tenantId, cancellationToken);
        return JsonSerializer.Serialize(new SetupDocument(SetupDocument.CurrentVersion, snapshot.Setup), SetupJson.Document) + "\n";
    }

    /// <summary>Reads and checks a document without touching storage.</summary>
    public static (TenantSetup? Setup, IReadOnlyList<string> Problems) Read(string json)
    {
        SetupDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SetupDocument>(json, SetupJson.Document);
        }
        catch (JsonException ex)
        {
            var where = (ex.LineNumber is { } line ? $"Line {line + 1}" : "The document") + (ex.Path is { Length: > 1 } path ? $" (at {path}): " : ": ");
            return (null, [where + FirstSentence(ex.Message)]);
        }

        if (document is null)
        {
            return (null, ["Line 1: the document is null."]);
        }

        if (document.FormatVersion != SetupDocument.CurrentVersion)
        {
            return (null, [$"formatVersion {document.FormatVersion} is not supported (expected {SetupDocument.CurrentVersion})."]);
        }

        if (NullItem(document.Setup) is { } nullItem)
        {
            return (null, [$"The {nullItem} list holds a null item."]);
        }

        var setup = SetupRows.Canonical(document.Setup);
        var problems = SetupRules.Validate(setup);
        return problems.Count > 0 ? (null, problems) : (setup, []);
    }

    public async Task<ImportResult> ImportAsync(string tenantId, string json, CancellationToken cancellationToken)
    {
        var (setup, problems) = Read(json);
        if (setup is null)
        {
            return new ImportResult(false, problems, 0);
        }

        if (SetupRules.TargetDates(setup, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { Count: > 0 } dates)
        {
            return new ImportResult(false, dates, 0);
        }

        var snapshot = await store.LoadAsync(tenantId, cancellationToken);

        // Cancelled up to here, nothing is written; once writing starts it finishes: a large import spans several
        // transactions, and stopping between them would leave half a setup.
        cancellationToken.ThrowIfCancellationRequested();
        var audit = await store.SaveAsync(snapshot, setup, ImportUser, "setup.import", time.GetUtcNow(), CancellationToken.None);
        Log.Imported(logger, audit.Count);
        return new ImportResult(true, [], audit.Count);
    }

    private static string? NullItem(TenantSetup s) =>
        s.Journey.Any(x => x is null) ? "journey"
        : s.Standards.Any(x => x is null || x.Versions.Any(v => v is null)) ? "standards"
        : s.Teams.Any(x => x is null || x.Members.Any(m => m is null) || x.Standards.Any(id => id is null)) ? "teams"
        : s.Leadership.Any(x => x is null || x.Teams.Any(id => id is null)) ? "leadership"
        : s.Organisation?.Admins.Any(a => a is null) == true ? "admins" : null;

    // System.Text.Json appends "Path: … | LineNumber: …" to its messages; the line is reported on its own.
    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Trim();
}
