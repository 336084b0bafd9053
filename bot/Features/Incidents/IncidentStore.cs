using Azure;
using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>An incident as read, with where it lives and the ETag its next change must carry.</summary>
internal sealed record StoredIncident(Incident Incident, string PartitionKey, ETag ETag);

/// <summary>A submission already stored (a double click or a redelivery): its reference and partition.</summary>
internal sealed record Submission(string Reference, string PartitionKey);

/// <summary>Reference numbers reserved by this instance and not yet used.</summary>
internal sealed class NumberBlock
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public long Next { get; set; }

    public long End { get; set; }

    /// <summary>The next block, being reserved ahead of need.</summary>
    public Task<long>? Pending { get; set; }
}

/// <summary>Someone else changed the incident between our read and our write.</summary>
internal sealed class IncidentConflictException() : Exception("The incident changed while this change was being made.");

/// <summary>
/// Reads and writes incidents (keys in <see cref="IncidentKeys"/>). The incident, its history entry and the week's counters
/// change in one transaction; index rows are written idempotently around it.
/// </summary>
internal sealed partial class IncidentStore(TableServiceClient tables)
{
    private const string JsonProperty = "Json";
    private const int CounterAttempts = 8;

    /// <summary>Claims of one reporter at the same moment retry on their list row; each round lets at least one through.</summary>
    private const int ClaimAttempts = 16;
    private const int ReferenceBlock = 50;

    /// <summary>History entries kept in the incident row (<see cref="Incident.Recent"/>): as many as its card shows.</summary>
    public const int RecentEntries = IncidentViews.MaxHistoryLines;

    /// <summary>A recent entry's text is clipped to this (the card shows at most 120 characters), so the row stays small.</summary>
    private const int RecentTextLength = 200;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NumberBlock> _blocks = new(StringComparer.Ordinal);

    /// <summary>This instance's writers of one counters shard take turns (see <see cref="TrySubmitWithCountersAsync"/>).</summary>
    private readonly RowGates _counterGates = new();

    /// <summary>The counters shards as this instance last wrote them, keyed by partition and shard; only read or written under the shard's gate.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ShardState> _shards = new(StringComparer.Ordinal);

    private readonly TableClient _incidents = tables.GetTableClient(IncidentNames.IncidentsTable);
    private readonly TableClient _index = tables.GetTableClient(IncidentNames.IndexTable);

    /// <summary>
    /// The next reference of the tenant's year. Numbers are reserved from a counter row (ETag, retried on 412) in blocks of
    /// <see cref="ReferenceBlock"/>, the next one reserved while half of the current one is left, so loggers do not queue on one row: unique per tenant and increasing per instance, with a
    /// gap when an instance stops before using its block.
    /// </summary>
    public async Task<string> NextReferenceAsync(string tenantId, int year, CancellationToken cancellationToken)
    {
        var block = _blocks.GetOrAdd($"{tenantId}|{year}", _ => new NumberBlock());
        await block.Gate.WaitAsync(cancellationToken);
        try
        {
            if (block.Next >= block.End)
            {
                // The block reserved ahead, else one reserved now. It stays pending until a caller gets its numbers: a caller
                // that gives up waiting (its request was cancelled) leaves it to the next, rather than having the next reserve
                // again beside it (under a backlog that made reservations race on the counter row, 412 after 412). A failed
                // reservation is not kept.
                if (block.Pending is { IsFaulted: true } or { IsCanceled: true })
                {
                    block.Pending = null;
                }

                block.Pending ??= ReserveAsync(tenantId, year, CancellationToken.None);
                block.Next = await block.Pending.WaitAsync(cancellationToken);
                block.End = block.Next + ReferenceBlock;
                block.Pending = null;
            }

            if (block.Pending is null && block.End - block.Next <= ReferenceBlock / 2)
            {
                // Half used: reserve the next block now, so no logger waits on the counter row.
                block.Pending = ReserveAsync(tenantId, year, CancellationToken.None);
            }

            return IncidentKeys.Reference(year, block.Next++);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    /// <summary>Reserves the next block of numbers; returns its first.</summary>
    private async Task<long> ReserveAsync(string tenantId, int year, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        var rk = IncidentKeys.Sequence(year);
        for (var attempt = 0; ; attempt++)
        {
            var row = await _index.GetEntityIfExistsAsync(pk, rk, cancellationToken);
            var used = row?.GetInt64("Next") ?? 0;
            try
            {
                var next = new TableEntity(pk, rk) { ["Next"] = used + ReferenceBlock };
                if (row is null)
                {
                    await _index.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await _index.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return used + 1;
            }
            catch (TableStorageException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                // Another instance reserved a block at the same moment; read again.
            }
        }
    }

    /// <summary>
    /// Claims the submission and writes the index rows, the reporter's list row included, in one transaction; when the
    /// submission was already claimed, returns the first claim instead (null when this call claimed it).
    /// </summary>
    /// <exception cref="IncidentConflictException">The reporter's list row stayed contended (their other submissions at the same moment).</exception>
    public async Task<Submission?> ClaimAsync(Incident incident, string partitionKey, string token, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(incident.TenantId);
        var submitKey = IncidentKeys.Submission(incident.ReporterId, token);
        TableEntity[] rows =
        [
            new(pk, submitKey) { ["Reference"] = incident.Reference, ["Pk"] = partitionKey },
            new(pk, IncidentKeys.ByReference(incident.Reference)) { ["Pk"] = partitionKey },

            // Still written beside the list row: the list's fallback and its lazy migration read these.
            new(pk, IncidentKeys.ByReporter(incident.ReporterId, incident.Reference)) { ["Pk"] = partitionKey },
            OpenRow(incident, partitionKey),

            // The promise to deliver the card, durable before the reporter hears anything (see IncidentDeliveries).
            new(pk, IncidentKeys.Deliver(incident.Reference)) { ["Pk"] = partitionKey, ["TenantId"] = incident.TenantId, ["Since"] = incident.LoggedAt, ["LoggedAt"] = incident.LoggedAt },
        ];
        // Before the promise itself: the sweep finds owed deliveries through this hint (a spare one is harmless, a missing one is not).
        await _index.UpsertEntityAsync(new TableEntity(IncidentKeys.OwedTenants, pk) { ["TenantId"] = incident.TenantId, ["Since"] = incident.LoggedAt }, TableUpdateMode.Replace, cancellationToken);
        var folding = true;
        for (var attempt = 1; ; attempt++)
        {
            var (listRow, known) = await ReadReporterListAsync(pk, incident.ReporterId, cancellationToken);
            var list = ReporterListAction(pk, incident.ReporterId, listRow, known, new IncidentPointer(partitionKey, incident.Reference), folding);
            TableTransactionAction[] actions = [.. rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), list];
            try
            {
                await _index.SubmitTransactionAsync(actions, cancellationToken);
                return null;
            }
            catch (TableStorageException e) when (e.Status is 409 or 412)
            {
                if (await _index.GetEntityIfExistsAsync(pk, submitKey, cancellationToken) is { } first)
                {
                    return new Submission(first.GetString("Reference") ?? "", first.GetString("Pk") ?? "");
                }

                if (e is TableTransactionFailedException { FailedActionIndex: > 0 and < 5 })
                {
                    throw new InvalidOperationException("An index row exists for a reference that was just reserved.", e);
                }

                if (attempt == ClaimAttempts)
                {
                    throw new IncidentConflictException();
                }

                // Another submission of this reporter created their list row first, or merged into it while this one folded it:
                // read it again (and merge rather than fold), after a short random pause so they do not collide again in lockstep.
                folding = false;
                await ConflictPauseAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes a new incident, its first history entry and the week's counters at once; a second write of the same incident does
    /// nothing. Returns the incident as stored (with <see cref="Incident.Recent"/> and its ETag), or as the first write left it.
    /// </summary>
    public async Task<StoredIncident> CreateAsync(Incident incident, string partitionKey, HistoryEntry first, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        incident = incident with { Recent = Recent([], first) };
        var delta = new CounterDelta(1, 0, 0, incident.Recovered ? 1 : 0, incident.Cost ?? 0);
        TableTransactionAction[] actions = [new(TableTransactionActionType.Add, IncidentRow(incident, partitionKey)), new(TableTransactionActionType.Add, HistoryRow(incident.Reference, partitionKey, first))];
        for (var attempt = 1; ; attempt++)
        {
            if (await TrySubmitWithCountersAsync(partitionKey, actions, delta, cancellationToken) is { } etags)
            {
                return new StoredIncident(incident, partitionKey, etags[0]);
            }

            if (await GetAsync(partitionKey, incident.Reference, cancellationToken) is { } written)
            {
                return written; // the first delivery wrote it
            }

            if (attempt == CounterAttempts)
            {
                throw new IncidentConflictException();
            }

            // Another incident of the week changed the same counters row first. A short random pause, so the writers that
            // collided do not collide again in lockstep (under a backlog they did, thousands of times a second).
            await ConflictPauseAsync(attempt, CancellationToken.None);
        }
    }

    /// <summary>A short random pause after a conflict, longer with each attempt, so writers that collided do not collide again in lockstep.</summary>
    private static Task ConflictPauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 5))), cancellationToken);

    /// <summary>Writes a changed incident with its history entry and counter changes; the index follows.</summary>
    /// <exception cref="IncidentConflictException">The incident changed since <paramref name="before"/> was read.</exception>
    public async Task<StoredIncident> SaveAsync(StoredIncident before, Incident after, HistoryEntry entry, CancellationToken cancellationToken)
    {
        var old = before.Incident;

        // A row written before Recent existed gets it now, from its history rows (a lazy migration, once per incident).
        after = after with { Recent = Recent(old.Recent ?? await HistoryAsync(before, cancellationToken), entry) };
        var delta = new CounterDelta(
            0,
            after.Status == IncidentStatus.Resolved && old.Status != IncidentStatus.Resolved ? 1 : 0,
            after.Status == IncidentStatus.Declined && old.Status != IncidentStatus.Declined ? 1 : 0,
            after.Recovered && !old.Recovered ? 1 : 0,
            0);
        TableTransactionAction[] actions = [new(TableTransactionActionType.UpdateReplace, IncidentRow(after, before.PartitionKey), before.ETag), new(TableTransactionActionType.Add, HistoryRow(after.Reference, before.PartitionKey, entry))];
        IReadOnlyList<ETag>? etags = null;
        for (var attempt = 1; etags is null; attempt++)
        {
            etags = await TrySubmitWithCountersAsync(before.PartitionKey, actions, delta, cancellationToken);
            if (etags is null && (attempt == CounterAttempts || (await GetAsync(before.PartitionKey, after.Reference, cancellationToken))?.ETag != before.ETag))
            {
                throw new IncidentConflictException();
            }
        }

        await IndexAsync(after, before.PartitionKey, cancellationToken);
        return new StoredIncident(after, before.PartitionKey, etags[0]);
    }

    /// <summary>Replaces the incident row alone (no history), for bookkeeping such as the card copies; ETag-checked.</summary>
    /// <exception cref="IncidentConflictException">The incident changed since it was read.</exception>
    public async Task<StoredIncident> ReplaceAsync(StoredIncident before, Incident after, CancellationToken cancellationToken)
    {
        try
        {
            var etag = await _incidents.UpdateEntityAsync(IncidentRow(after, before.PartitionKey), before.ETag, TableUpdateMode.Replace, cancellationToken);
            return new StoredIncident(after, before.PartitionKey, etag);
        }
        catch (TableETagMismatchException)
        {
            throw new IncidentConflictException();
        }
    }

    /// <summary>The incident with this reference in this tenant; null when there is none, or when <paramref name="reference"/> (card data) is not a reference.</summary>
    public async Task<StoredIncident?> FindAsync(string tenantId, string reference, CancellationToken cancellationToken)
    {
        if (!IncidentKeys.IsReference(reference))
        {
            return null;
        }

        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pointer = await _index.GetEntityIfExistsAsync(IncidentKeys.Tenant(tenantId), IncidentKeys.ByReference(reference), cancellationToken);
        return pointer?.GetString("Pk") is { } pk ? await GetAsync(pk, reference, cancellationToken) : null;
    }

    public async Task<StoredIncident?> GetAsync(string partitionKey, string reference, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var row = await _incidents.GetEntityIfExistsAsync(partitionKey, reference, cancellationToken);
        return row?.GetString(JsonProperty) is { } json ? new StoredIncident(IncidentJson.Read(json), partitionKey, row.ETag) : null;
    }

    /// <summary>
    /// The incident's last <see cref="RecentEntries"/> history entries, oldest first, texts clipped: what its card shows. Read
    /// from the incident row; a row written before <see cref="Incident.Recent"/> existed falls back to the history rows.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntry>> RecentHistoryAsync(StoredIncident stored, CancellationToken cancellationToken) =>
        stored.Incident.Recent ?? Recent(await HistoryAsync(stored, cancellationToken), null);

    /// <summary>The incident's history, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(StoredIncident stored, CancellationToken cancellationToken)
    {
        var prefix = stored.Incident.Reference + "|h|";
        var list = new List<HistoryEntry>();
        await foreach (var row in _incidents.QueryAsync(TableFilter.Create($"PartitionKey eq {stored.PartitionKey} and RowKey ge {prefix} and RowKey lt {IncidentKeys.End(prefix)}"), cancellationToken))
        {
            list.Add(ReadHistory(row));
        }

        return list;
    }

    /// <summary>The last <see cref="RecentEntries"/> of <paramref name="history"/> and <paramref name="next"/>, texts clipped.</summary>
    private static List<HistoryEntry> Recent(IEnumerable<HistoryEntry> history, HistoryEntry? next) =>
        [.. history.Append(next).OfType<HistoryEntry>().TakeLast(RecentEntries).Select(h => h.Text is { Length: > RecentTextLength } t ? h with { Text = t[..RecentTextLength] } : h)];

    private static HistoryEntry ReadHistory(TableEntity row) => new(
        row.GetInt32("Revision") ?? 0,
        row.GetString("Action") ?? "",
        row.GetString("UserId") ?? "",
        row.GetDateTimeOffset("At") ?? default,
        Enum.TryParse<IncidentStatus>(row.GetString("Status"), out var s) ? s : IncidentStatus.New,
        row.GetString("Text"));

    private async Task IndexAsync(Incident incident, string partitionKey, CancellationToken cancellationToken)
    {
        var pk = IncidentKeys.Tenant(incident.TenantId);
        if (incident.IsClosed)
        {
            await _index.DeleteEntityAsync(pk, IncidentKeys.Open(incident.Reference), ETag.All, cancellationToken);
        }
        else
        {
            await _index.UpsertEntityAsync(OpenRow(incident, partitionKey), TableUpdateMode.Merge, cancellationToken);
        }
    }

    private static TableEntity OpenRow(Incident incident, string partitionKey) => new(IncidentKeys.Tenant(incident.TenantId), IncidentKeys.Open(incident.Reference))
    {
        ["Pk"] = partitionKey,
        ["TenantId"] = incident.TenantId,
        ["TeamId"] = incident.TeamId,
        ["Status"] = incident.Status.ToString(),
        ["AcknowledgeBy"] = incident.AcknowledgeBy,
        ["ResolveBy"] = incident.ResolveBy,
    };

    /// <summary>The incident's row (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity IncidentRow(Incident incident, string partitionKey) => new(partitionKey, incident.Reference)
    {
        [JsonProperty] = IncidentJson.Write(incident),
        ["Status"] = incident.Status.ToString(),
        ["Severity"] = incident.Severity.ToString(),
        ["RootCause"] = incident.RootCause.ToString(),
        ["TeamId"] = incident.TeamId,
        ["ReporterId"] = incident.ReporterId,
        ["OccurredAt"] = incident.OccurredAt,
    };

    /// <summary>A history entry's row (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity HistoryRow(string reference, string partitionKey, HistoryEntry entry)
    {
        var row = new TableEntity(partitionKey, IncidentKeys.History(reference, entry.Revision))
        {
            ["Revision"] = entry.Revision,
            ["Action"] = entry.Action,
            ["UserId"] = entry.UserId,
            ["At"] = entry.At,
            ["Status"] = entry.Status.ToString(),
        };
        if (entry.Text is not null)
        {
            row["Text"] = entry.Text;
        }

        return row;
    }
}
