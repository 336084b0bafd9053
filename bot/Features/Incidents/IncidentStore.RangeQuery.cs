using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>The export's read: a team's incidents in a date range, from the team+week partitions that cover it.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>The incidents of <paramref name="teamIds"/> that happened in <paramref name="range"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Incident>> InRangeAsync(string tenantId, IEnumerable<string> teamIds, IncidentExportRange range, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var partitions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var team in teamIds)
        {
            // Incidents are filed under the week they were logged, at most IncidentForm.MaxAge after they happened (older ones under
            // the week they happened). Weeks are the team's local ones: a day either side covers every UTC offset; rows are filtered by time below.
            for (var day = range.Start.AddDays(-1); day < range.End.AddDays(IncidentForm.MaxAge.Days + 2); day = day.AddDays(1))
            {
                partitions.Add(IncidentKeys.Week(tenantId, team, day, TimeZoneInfo.Utc));
            }
        }

        var found = new List<Incident>();
        foreach (var pk in partitions)
        {
            await foreach (var row in _incidents.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {IncidentKeys.ReferencePrefix} and RowKey lt {IncidentKeys.End(IncidentKeys.ReferencePrefix)}"), cancellationToken))
            {
                // History rows (reference|h|revision) share the prefix; the incident row is the reference alone.
                if (!row.RowKey.Contains('|', StringComparison.Ordinal) && row.GetString(JsonProperty) is { } json
                    && IncidentJson.Read(json) is { } incident && incident.TenantId == tenantId
                    && incident.OccurredAt >= range.Start && incident.OccurredAt < range.End)
                {
                    found.Add(incident);
                }
            }
        }

        return [.. found.OrderBy(i => i.OccurredAt).ThenBy(i => i.Reference, StringComparer.Ordinal)];
    }
}
