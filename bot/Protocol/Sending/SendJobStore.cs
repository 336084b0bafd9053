using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CxBot.Protocol.References;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Send jobs in Azure Tables. <c>SendJobs</c>: the job row (PartitionKey <c>t|{tenant}</c>, RowKey the job id) and the
/// small index of unfinished jobs (PartitionKey <c>active</c>, RowKey <c>{tenant}|{job}</c>). <c>SendRecipients</c>: one row
/// per recipient, 100 to a partition (<c>{tenant}|{job}|{bucket:D5}</c>, RowKey <c>{index:D6}</c>), so a job is created
/// with one transaction per partition and read back in pages.
/// </summary>
internal sealed class SendJobStore(TableServiceClient tables, TimeProvider time)
{
    public const string JobsTable = "SendJobs";
    public const string RecipientsTable = "SendRecipients";
    public const string LeasesTable = "SendLeases";
    public const int BucketSize = TableBatch.MaxActions;

    /// <summary>A job whose creation started this long ago and never finished may be created again.</summary>
    public static readonly TimeSpan StaleCreation = TimeSpan.FromMinutes(2);

    private const string ActivePartition = "active";
    private const string FailedPrefix = "~failed|";
    private const int ActivityChunk = 30_000;
    private const int MaxActivityChunks = 30;
    private const int CreateParallelism = 4;

    private readonly TableClient _jobs = tables.GetTableClient(JobsTable);
    private readonly TableClient _recipients = tables.GetTableClient(RecipientsTable);

    /// <summary>The tenant's send lease table (one lease per tenant).</summary>
    public TableClient Leases { get; } = tables.GetTableClient(LeasesTable);

    /// <summary>Stores the job: claims its row, writes the recipients in batches, then marks it ready and lists it as active.</summary>
    public async Task<SendJob> CreateAsync(SendJobRequest request, IReadOnlyList<ProactiveTarget> recipients, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (recipients.Count == 1)
        {
            return await CreateOneAsync(request, recipients[0], now, cancellationToken);
        }

        var claim = JobEntity(request, recipients.Count, now);
        try
        {
            claim.ETag = await _jobs.AddEntityAsync(claim, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status == 409)
        {
            var existing = await _jobs.GetEntityIfExistsAsync(JobPartition(request.TenantId), request.JobId, cancellationToken);
            if (existing is null || existing.GetString("State") != JobStates.Creating || existing.GetDateTimeOffset("CreatedAt") + StaleCreation > now)
            {
                return existing is null ? throw new TableStorageException(409, "JobVanished", "The job was deleted while being created.") : ToJob(existing);
            }

            // An earlier creation died half-way (nothing was sent: the job never became ready). Take it over.
            claim.ETag = await _jobs.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
        }

        var prefix = RecipientPrefix(request.TenantId, request.JobId);
        var buckets = Enumerable.Range(0, (recipients.Count + BucketSize - 1) / BucketSize);
        var written = Parallel.ForEachAsync(buckets, new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            var actions = recipients.Skip(bucket * BucketSize).Take(BucketSize).Select((target, i) =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, NewRecipient(prefix, (bucket * BucketSize) + i, target)));
            await _recipients.SubmitTransactionAsync(actions, ct);
        });

        // Listed as active while its rows are written (a sender skips a job until it is ready).
        var listed = ListAsync(request.TenantId, request.JobId, cancellationToken);
        await Task.WhenAll(written, listed);
        var ready = new TableEntity(claim.PartitionKey, claim.RowKey) { ["State"] = JobStates.Ready };
        await _jobs.UpdateEntityAsync(ready, claim.ETag, TableUpdateMode.Merge, cancellationToken);
        claim["State"] = JobStates.Ready;
        return ToJob(claim);
    }

    /// <summary>
    /// A job of one message (a welcome on install, a burst of them when an app is pushed to everyone): its recipient row, its
    /// job row (already ready) and its line in the index written at once: one round trip on a path a person's install waits
    /// for (three, one after another, before 2026-12-07). A sender that finds the line before the job row skips it until the
    /// next look, and drops a line whose job never came after <see cref="StaleCreation"/>, or whose job is done. The recipient
    /// row is only ever added, never replaced: a redelivered install must not put a message being sent back to pending. A
    /// job found already there is listed again when ready (its creator may have stopped before listing it).
    /// </summary>
    private async Task<SendJob> CreateOneAsync(SendJobRequest request, ProactiveTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = JobEntity(request, 1, now);
        entity["State"] = JobStates.Ready;
        var row = AddIfAbsentAsync(_recipients, NewRecipient(RecipientPrefix(request.TenantId, request.JobId), 0, target), cancellationToken);
        var job = AddIfAbsentAsync(_jobs, entity, cancellationToken);
        var listed = ListAsync(request.TenantId, request.JobId, cancellationToken);
        await Task.WhenAll(row, job, listed);
        if (!await job)
        {
            var existing = await _jobs.GetEntityIfExistsAsync(JobPartition(request.TenantId), request.JobId, cancellationToken)
                ?? throw new TableStorageException(409, "JobVanished", "The job was deleted while being created.");
            if (existing.GetString("State") == JobStates.Creating && existing.GetDateTimeOffset("CreatedAt") + StaleCreation <= now)
            {
                // Claimed the way larger jobs are, by an earlier version that died half-way: take it over.
                entity.ETag = await _jobs.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                return ToJob(existing);
            }
        }

        return ToJob(entity);
    }

    private static async Task<bool> AddIfAbsentAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            entity.ETag = await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (TableStorageException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private Task ListAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        _jobs.UpsertEntityAsync(new TableEntity(ActivePartition, ActiveKey(tenantId, jobId)) { ["TenantId"] = tenantId, ["JobId"] = jobId, ["ListedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The job, or null.</summary>
    public async Task<SendJob?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        var entity = await _jobs.GetEntityIfExistsAsync(JobPartition(tenantId), jobId, cancellationToken);
        return entity is null ? null : ToJob(entity);
    }

    /// <summary>Unfinished jobs (of one tenant, or of all), from the small index (never a scan of the jobs).</summary>
    public async Task<IReadOnlyList<ActiveLine>> ListActiveAsync(CancellationToken cancellationToken, string? tenantId = null)
    {
        await EnsureTablesAsync(cancellationToken);
        var list = new List<ActiveLine>();
        var filter = tenantId is null
            ? TableFilter.PartitionKeyEquals(ActivePartition)
            : TableFilter.Create($"PartitionKey eq {ActivePartition} and RowKey ge {TableKeys.ToSafeKey(tenantId) + "|"} and RowKey lt {TableKeys.ToSafeKey(tenantId) + "}"}");
        await foreach (var e in _jobs.QueryAsync(filter, TableClient.MaxPageSize, ["TenantId", "JobId", "ListedAt"], cancellationToken))
        {
            // A line written before 2026-12-07 has no time: its job was written before it.
            list.Add(new ActiveLine(e.GetString("TenantId") ?? "", e.GetString("JobId") ?? "", e.GetDateTimeOffset("ListedAt") ?? DateTimeOffset.MinValue));
        }

        return list;
    }

    /// <summary>Every recipient row of the job, in order, read a page at a time (a job of one recipient: one point read).</summary>
    public async IAsyncEnumerable<RecipientRow> ListRecipientsAsync(string tenantId, string jobId, [EnumeratorCancellation] CancellationToken cancellationToken, int? total = null)
    {
        await EnsureTablesAsync(cancellationToken);
        var prefix = RecipientPrefix(tenantId, jobId);
        if (total == 1)
        {
            var only = NewRecipient(prefix, 0, ProactiveTarget.User(tenantId, "-"));
            if (await _recipients.GetEntityIfExistsAsync(only.PartitionKey, only.RowKey, cancellationToken) is { } row)
            {
                yield return ToRow(tenantId, row);
            }

            yield break;
        }

        var filter = TableFilter.Create($"PartitionKey ge {prefix + "|"} and PartitionKey lt {prefix + "}"}");
        await foreach (var e in _recipients.QueryAsync(filter, TableClient.MaxPageSize, null, cancellationToken))
        {
            yield return ToRow(tenantId, e);
        }
    }

    /// <summary>Writes the row's changes if nobody changed it since it was read; false when someone did (read it again).</summary>
    public async Task<bool> TryUpdateAsync(RecipientRow row, TableEntity changes, CancellationToken cancellationToken)
    {
        changes.PartitionKey = row.PartitionKey;
        changes.RowKey = row.RowKey;
        changes["UpdatedAt"] = time.GetUtcNow();
        try
        {
            row.ETag = await _recipients.UpdateEntityAsync(changes, row.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (TableETagMismatchException)
        {
            return false;
        }
    }

    /// <summary>The row as stored now.</summary>
    public async Task<RecipientRow?> ReloadAsync(string tenantId, RecipientRow row, CancellationToken cancellationToken)
    {
        var entity = await _recipients.GetEntityIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
        return entity is null ? null : ToRow(tenantId, entity);
    }

    /// <summary>Saves the counts (and the progress card's id) on the job row.</summary>
    public Task SaveProgressAsync(string tenantId, string jobId, JobCounts counts, string? progressActivityId, CancellationToken cancellationToken)
    {
        var entity = CountsEntity(tenantId, jobId, counts);
        if (progressActivityId is not null)
        {
            entity["ProgressActivityId"] = progressActivityId;
        }

        return _jobs.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Takes a job whose creation died half-way (listed, never ready, older than <see cref="StaleCreation"/>) off the
    /// active index, so senders stop taking its tenant up for nothing; creating it again lists it again.
    /// </summary>
    public async Task UnlistAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            await _jobs.DeleteEntityAsync(ActivePartition, ActiveKey(tenantId, jobId), Azure.ETag.All, cancellationToken);
        }
        catch (TableStorageException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    /// <summary>Marks the job done with its final counts and takes it off the active index.</summary>
    public async Task FinishAsync(string tenantId, string jobId, JobCounts counts, CancellationToken cancellationToken)
    {
        var entity = CountsEntity(tenantId, jobId, counts);
        entity["State"] = JobStates.Done;
        entity["FinishedAt"] = time.GetUtcNow();
        await _jobs.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        await _jobs.DeleteEntityAsync(ActivePartition, ActiveKey(tenantId, jobId), Azure.ETag.All, cancellationToken);
    }

    /// <summary>
    /// Adds a finished job's failed recipients to the tenant's tally for its label (row <c>~failed|{label}</c> in the job
    /// partition; job ids cannot start with '~'), so an admin can see how many messages of a kind never arrived.
    /// </summary>
    public async Task AddFailuresAsync(string tenantId, string label, int failed, CancellationToken cancellationToken)
    {
        var key = FailedPrefix + TableKeys.ToSafeKey(label);
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var row = await _jobs.GetEntityIfExistsAsync(JobPartition(tenantId), key, cancellationToken);
            try
            {
                if (row is null)
                {
                    await _jobs.AddEntityAsync(new TableEntity(JobPartition(tenantId), key) { ["Label"] = label, ["Failed"] = failed, ["LastAt"] = now }, cancellationToken);
                }
                else
                {
                    var update = new TableEntity(row.PartitionKey, row.RowKey) { ["Failed"] = (row.GetInt32("Failed") ?? 0) + failed, ["LastAt"] = now };
                    await _jobs.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return;
            }
            catch (TableStorageException ex) when (attempt < 5 && (ex is TableETagMismatchException || ex.Status == 409))
            {
                // Another instance counted at the same moment: read again.
            }
        }
    }

    /// <summary>The tenant's tallies of messages that failed for good, by label.</summary>
    public async Task<IReadOnlyList<SendFailures>> ListFailuresAsync(string tenantId, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        var partition = JobPartition(tenantId);
        var list = new List<SendFailures>();
        var filter = TableFilter.Create($"PartitionKey eq {partition} and RowKey ge {FailedPrefix} and RowKey lt {FailedPrefix[..^1] + "}"}");
        await foreach (var e in _jobs.QueryAsync(filter, cancellationToken))
        {
            list.Add(new SendFailures(e.GetString("Label") ?? "", e.GetInt32("Failed") ?? 0, e.GetDateTimeOffset("LastAt") ?? DateTimeOffset.UnixEpoch));
        }

        return list;
    }

    /// <summary>Creates the tables (once per process is enough; the client remembers).</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await _jobs.CreateIfNotExistsAsync(cancellationToken);
        await _recipients.CreateIfNotExistsAsync(cancellationToken);
        await Leases.CreateIfNotExistsAsync(cancellationToken);
    }

    /// <summary>The stable key of one recipient's message, carried in its channelData so a receiver can recognise a resend.</summary>
    public static string SendKey(string jobId, int index) => jobId + "/" + index.ToString(CultureInfo.InvariantCulture);

    private static string JobPartition(string tenantId) => "t|" + TableKeys.ToSafeKey(tenantId);

    private static string ActiveKey(string tenantId, string jobId) => TableKeys.ToSafeKey(tenantId) + "|" + jobId;

    private static string RecipientPrefix(string tenantId, string jobId) => TableKeys.ToSafeKey(tenantId) + "|" + jobId;

    private static TableEntity NewRecipient(string prefix, int index, ProactiveTarget target) =>
        new(prefix + "|" + (index / BucketSize).ToString("D5", CultureInfo.InvariantCulture), index.ToString("D6", CultureInfo.InvariantCulture))
        {
            ["Kind"] = target.Kind.ToString(),
            ["TargetId"] = target.Id,
            ["State"] = RowStates.Pending,
            ["Attempts"] = 0,
        };

    private static TableEntity JobEntity(SendJobRequest request, int total, DateTimeOffset now)
    {
        var entity = new TableEntity(JobPartition(request.TenantId), request.JobId)
        {
            ["TenantId"] = request.TenantId,
            ["JobId"] = request.JobId,
            ["Label"] = request.Label,
            ["State"] = JobStates.Creating,
            ["Total"] = total,
            ["Sent"] = 0,
            ["Unreachable"] = 0,
            ["Failed"] = 0,
            ["Uncertain"] = 0,
            ["CreatedAt"] = now,
        };
        if (request.ProgressTo is { } to)
        {
            entity["ProgressKind"] = to.Kind.ToString();
            entity["ProgressId"] = to.Id;
        }

        var json = JsonSerializer.Serialize(request.Activity, ProtocolJson.Default.Activity);
        var chunks = (json.Length + ActivityChunk - 1) / ActivityChunk;
        if (chunks > MaxActivityChunks)
        {
            throw new ArgumentException("The activity is too large to store.", nameof(request));
        }

        for (var i = 0; i < chunks; i++)
        {
            entity["Activity" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ActivityChunk, Math.Min(ActivityChunk, json.Length - (i * ActivityChunk)));
        }

        return entity;
    }

    private static TableEntity CountsEntity(string tenantId, string jobId, JobCounts counts) => new(JobPartition(tenantId), jobId)
    {
        ["Sent"] = counts.Sent,
        ["Unreachable"] = counts.Unreachable,
        ["Failed"] = counts.Failed,
        ["Uncertain"] = counts.Uncertain,
    };

    private static SendJob ToJob(TableEntity e)
    {
        var tenantId = e.GetString("TenantId") ?? "";
        var json = string.Concat(Enumerable.Range(0, MaxActivityChunks).Select(i => e.GetString("Activity" + i.ToString(CultureInfo.InvariantCulture))).TakeWhile(s => s is not null));
        var progressTo = e.GetString("ProgressId") is { } id
            ? new ProactiveTarget(Enum.Parse<ProactiveTargetKind>(e.GetString("ProgressKind") ?? nameof(ProactiveTargetKind.User)), tenantId, id)
            : null;
        return new SendJob(
            tenantId,
            e.GetString("JobId") ?? e.RowKey,
            e.GetString("Label") ?? "",
            e.GetString("State") ?? JobStates.Creating,
            e.GetInt32("Total") ?? 0,
            json.Length == 0 ? new Activity() : JsonSerializer.Deserialize(json, ProtocolJson.Default.Activity) ?? new Activity(),
            progressTo,
            e.GetString("ProgressActivityId"),
            new JobCounts(e.GetInt32("Sent") ?? 0, e.GetInt32("Unreachable") ?? 0, e.GetInt32("Failed") ?? 0, e.GetInt32("Uncertain") ?? 0),
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch,
            e.GetDateTimeOffset("FinishedAt"));
    }

    private static RecipientRow ToRow(string tenantId, TableEntity e) => new()
    {
        PartitionKey = e.PartitionKey,
        RowKey = e.RowKey,
        Index = int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        Target = new ProactiveTarget(Enum.Parse<ProactiveTargetKind>(e.GetString("Kind") ?? nameof(ProactiveTargetKind.User)), tenantId, e.GetString("TargetId") ?? ""),
        State = e.GetString("State") ?? RowStates.Pending,
        Attempts = e.GetInt32("Attempts") ?? 0,
        Instance = e.GetString("Instance"),
        ActivityId = e.GetString("ActivityId"),
        Reason = e.GetString("Reason"),
        Uncertain = e.GetBoolean("Uncertain") ?? false,
        ETag = e.ETag,
    };
}

/// <summary>A stored job.</summary>
internal sealed record SendJob(
    string TenantId,
    string JobId,
    string Label,
    string State,
    int Total,
    Activity Activity,
    ProactiveTarget? ProgressTo,
    string? ProgressActivityId,
    JobCounts Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public SendJobStatus ToStatus() => new(TenantId, JobId, Label, Total, Counts.Sent, Counts.Unreachable, Counts.Failed, State == JobStates.Done, CreatedAt, FinishedAt)
    {
        Uncertain = Counts.Uncertain,
    };
}

/// <summary>A job's counts: recipients sent, unreachable, failed, and resent after an unknown outcome (possible duplicates).</summary>
internal sealed record JobCounts(int Sent, int Unreachable, int Failed, int Uncertain);

/// <summary>One recipient row as read (mutable: the sender updates its ETag and state as it writes).</summary>
internal sealed class RecipientRow
{
    public required string PartitionKey { get; init; }

    public required string RowKey { get; init; }

    public required int Index { get; init; }

    public required ProactiveTarget Target { get; init; }

    public required string State { get; set; }

    public int Attempts { get; set; }

    public string? Instance { get; set; }

    public string? ActivityId { get; set; }

    public string? Reason { get; set; }

    public bool Uncertain { get; set; }

    public Azure.ETag ETag { get; set; }

    /// <summary>Not before this time (a back-off after a failed attempt); in memory only.</summary>
    public DateTimeOffset NotBefore { get; set; }
}

/// <summary>A job row's states.</summary>
internal static class JobStates
{
    public const string Creating = "Creating";
    public const string Ready = "Ready";
    public const string Done = "Done";
}

/// <summary>A recipient row's states (<see cref="InFlight"/> is written before the request and replaced after it).</summary>
internal static class RowStates
{
    public const string Pending = "Pending";
    public const string InFlight = "InFlight";
    public const string Sent = "Sent";
    public const string Unreachable = "Unreachable";
    public const string Failed = "Failed";
}

/// <summary>A line of the index of unfinished jobs: the job, and when the line was last written (the writer's clock).</summary>
internal readonly record struct ActiveLine(string TenantId, string JobId, DateTimeOffset ListedAt);
