using System.Globalization;
using CxBot.Storage;

namespace CxBot.Testing;

/// <summary>Helpers for send-engine tests and the sending benchmark: seed many personal conversation references at once, read who holds a tenant's send lease.</summary>
public static class SendRig
{
    /// <summary>The test tenant.</summary>
    public const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";

    /// <summary>
    /// Writes <paramref name="count"/> personal conversation references (as the bot's <c>ConversationRefs</c> table holds
    /// them) in batches of 100, pointing at <paramref name="serviceUrl"/>; returns the users' object ids, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedUsersAsync(TableServiceClient tables, string serviceUrl, int count, string idPrefix = "user", string tenant = Tenant)
    {
        var table = tables.GetTableClient("ConversationRefs");
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        var ids = Enumerable.Range(0, count).Select(i => $"{idPrefix}-{i.ToString("D6", CultureInfo.InvariantCulture)}").ToList();
        await Parallel.ForEachAsync(ids.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(
                chunk.Select(id => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("user|" + tenant, id)
                {
                    ["ServiceUrl"] = serviceUrl,
                    ["ConversationId"] = "a:chat-" + id,
                    ["TenantId"] = tenant,
                    ["TargetId"] = id,
                    ["ChannelId"] = "msteams",
                    ["BotId"] = "28:bot",
                    ["UserId"] = "29:" + id,
                    ["Retired"] = false,
                    ["UpdatedAt"] = DateTimeOffset.UtcNow,
                })),
                ct));
        return ids;
    }

    /// <summary>The instance holding the tenant's send lease now (empty or null when nobody does).</summary>
    public static async Task<string?> LeaseHolderAsync(TableServiceClient tables, string tenant = Tenant)
    {
        var row = await tables.GetTableClient("SendLeases").GetEntityIfExistsAsync(TableLease.DefaultPartition, "send|" + tenant, CancellationToken.None);
        return row is not null && row.GetDateTimeOffset("Until") > DateTimeOffset.UtcNow ? row.GetString("Holder") : null;
    }
}
