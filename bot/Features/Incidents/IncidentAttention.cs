using Azure;
using CxBot.Features.Setup;
using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>
/// Incidents whose card reached nobody who could triage them, kept as <c>undelivered|reference</c> rows in the tenant's
/// <c>IncidentIndex</c> partition from the delivery until someone triages the incident, and shown to admins on the setup card.
/// </summary>
internal sealed class IncidentAttention(TableServiceClient tables, TimeProvider time) : IAdminAttention
{
    private const int MaxLines = 5;
    private readonly TableClient _index = tables.GetTableClient(IncidentNames.IndexTable);

    /// <summary>Records that <paramref name="incident"/> reached nobody.</summary>
    public async Task MarkAsync(Incident incident, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var row = new TableEntity(IncidentKeys.Tenant(incident.TenantId), IncidentKeys.Undelivered(incident.Reference)) { ["TeamName"] = incident.TeamName, ["At"] = time.GetUtcNow() };
        await _index.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Someone has the incident now (they triaged it): admins need not see it any more.</summary>
    public async Task ClearAsync(string tenantId, string reference, CancellationToken cancellationToken) =>
        await _index.DeleteEntityAsync(IncidentKeys.Tenant(tenantId), IncidentKeys.Undelivered(reference), ETag.All, cancellationToken);

    public async Task<IReadOnlyList<string>> LinesAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        var rows = new List<(string Reference, string Team)>();
        await foreach (var row in _index.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {IncidentKeys.UndeliveredPrefix} and RowKey lt {IncidentKeys.End(IncidentKeys.UndeliveredPrefix)}"), cancellationToken))
        {
            rows.Add((row.RowKey[IncidentKeys.UndeliveredPrefix.Length..], row.GetString("TeamName") ?? "its team"));
        }

        List<string> lines = [.. rows.Take(MaxLines).Select(r => $"Incident {r.Reference} ({r.Team}) has reached nobody: none of the people who could triage it could be reached. Ask the team's managers to open CxBot in Teams, or name a manager who has.")];
        if (rows.Count > MaxLines)
        {
            lines.Add($"{rows.Count - MaxLines} more {(rows.Count - MaxLines == 1 ? "incident has" : "incidents have")} reached nobody.");
        }

        return lines;
    }
}
