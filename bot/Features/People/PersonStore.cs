using CxBot.Storage;

namespace CxBot.Features.People;

/// <summary>Where a fact about a person came from.</summary>
internal static class PersonSources
{
    /// <summary>An activity the person sent (its <c>from</c>).</summary>
    public const string Activity = "activity";

    /// <summary>A Teams roster (<c>pagedmembers</c> or <c>members/{id}</c>).</summary>
    public const string Roster = "roster";

    /// <summary>Microsoft Graph's profile.</summary>
    public const string Graph = "graph";
}

/// <summary>
/// What CxBot knows of one person of a tenant: their Entra object id, Teams user id (<c>29:…</c>), display name, email, UPN and
/// job title, and where the last fact came from. Null fields are unknown (a write never clears what another source gave).
/// </summary>
internal sealed record PersonFacts(string AadObjectId, string? Name, string? Email, string? UserPrincipalName, string? UserId, string? JobTitle, string Source);

/// <summary>
/// People in <see cref="PeopleTables.Persons"/>: PartitionKey tenant, RowKey the object id. Every source merges its facts (no
/// read-modify-write: each fact is last-writer-wins, and a write leaves the properties it does not carry as they are).
/// </summary>
internal sealed class PersonStore(TableServiceClient tables, TimeProvider time)
{
    private const int ParallelReads = 8;
    private const int MaxFact = 320;
    private readonly TableClient _table = tables.GetTableClient(PeopleTables.Persons);

    /// <summary>Merges what <paramref name="people"/> say (in transactions of 100 rows).</summary>
    public async Task UpsertAsync(string tenantId, IReadOnlyCollection<PersonFacts> people, CancellationToken cancellationToken)
    {
        if (people.Count == 0)
        {
            return;
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        var now = time.GetUtcNow();
        foreach (var chunk in people.DistinctBy(p => PeopleTables.PersonId(p.AadObjectId)).Chunk(TableBatch.MaxActions))
        {
            if (chunk.Length == 1)
            {
                await _table.UpsertEntityAsync(ToEntity(pk, chunk[0], now), TableUpdateMode.Merge, cancellationToken);
                continue;
            }

            await _table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertMerge, ToEntity(pk, p, now))), cancellationToken);
        }
    }

    /// <summary>The stored facts of each of <paramref name="aadObjectIds"/> that is known, by normalised object id.</summary>
    public async Task<IReadOnlyDictionary<string, PersonFacts>> GetAsync(string tenantId, IEnumerable<string> aadObjectIds, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        var ids = aadObjectIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(PeopleTables.PersonId).Distinct(StringComparer.Ordinal).ToList();
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, PersonFacts>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (ToFacts(await _table.GetEntityIfExistsAsync(pk, PeopleTables.Key(id), ct)) is { } facts)
            {
                found[id] = facts;
            }
        });
        return found;
    }

    /// <summary>
    /// The person whose Teams user id is <paramref name="userId"/> (a query of the tenant's people: for the rare pick that names a
    /// Teams id rather than an Entra id, as local chat clients do), or null.
    /// </summary>
    public async Task<PersonFacts?> FindByUserIdAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and UserId eq {userId}"), cancellationToken))
        {
            if (ToFacts(row) is { } facts)
            {
                return facts;
            }
        }

        return null;
    }

    private static TableEntity ToEntity(string pk, PersonFacts p, DateTimeOffset now)
    {
        var id = PeopleTables.PersonId(p.AadObjectId);
        var entity = new TableEntity(pk, PeopleTables.Key(id)) { ["AadObjectId"] = id, ["Source"] = p.Source, ["UpdatedAt"] = now };
        foreach (var (name, value) in new[] { ("Name", p.Name), ("Email", p.Email), ("UserPrincipalName", p.UserPrincipalName), ("UserId", p.UserId), ("JobTitle", p.JobTitle) })
        {
            // Names and addresses as Teams and Entra give them; anything else (a forged activity, say) is not a fact to keep.
            if (!string.IsNullOrWhiteSpace(value) && value.Length <= MaxFact && !value.Any(char.IsControl))
            {
                entity[name] = value.Trim();
            }
        }

        return entity;
    }

    private static PersonFacts? ToFacts(TableEntity? e) => e?.GetString("AadObjectId") is { } id
        ? new PersonFacts(id, e.GetString("Name"), e.GetString("Email"), e.GetString("UserPrincipalName"), e.GetString("UserId"), e.GetString("JobTitle"), e.GetString("Source") ?? "")
        : null;
}
