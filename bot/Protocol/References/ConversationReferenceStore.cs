using CxBot.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace CxBot.Protocol.References;

/// <summary>
/// Conversation references in the <c>ConversationRefs</c> table: one per user (personal chat) and one per channel or group chat.
/// Keys: PartitionKey <c>user|{tenant}</c> or <c>conv|{tenant}</c>; RowKey the user's object id or the safe conversation id.
/// </summary>
internal sealed class ConversationReferenceStore(TableServiceClient tables, IMemoryCache recent, TimeProvider time)
{
    public const string TableName = "ConversationRefs";

    /// <summary>A reference written this recently with the same service URL is not written again.</summary>
    public static readonly TimeSpan RewriteAfter = TimeSpan.FromMinutes(10);

    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>Stores or refreshes a reference (un-retiring it); skips the write when nothing changed recently.</summary>
    public async Task SaveAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        var (pk, rk) = Keys(reference.Target);
        var cacheKey = "ref|" + pk + "|" + rk;
        if (recent.TryGetValue(cacheKey, out string? lastUrl) && lastUrl == reference.ServiceUrl)
        {
            return;
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        var entity = new TableEntity(pk, rk)
        {
            ["ServiceUrl"] = reference.ServiceUrl,
            ["ConversationId"] = reference.ConversationId,
            ["TenantId"] = reference.Target.TenantId,
            ["TargetId"] = reference.Target.Id,
            ["ChannelId"] = reference.ChannelId,
            ["BotId"] = reference.BotId,
            ["UserId"] = reference.UserId,
            ["TeamId"] = reference.TeamId,
            ["Retired"] = false,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        recent.Set(cacheKey, reference.ServiceUrl, RewriteAfter);
    }

    /// <summary>The reference for a target, or null.</summary>
    public async Task<ConversationReference?> GetAsync(ProactiveTarget target, CancellationToken cancellationToken)
    {
        var (pk, rk) = Keys(target);
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync(pk, rk, cancellationToken);
        return entity is null ? null : FromEntity(target, entity);
    }

    /// <summary>The live (not retired) channel and group-chat references of a tenant, for features that enumerate where the bot is.</summary>
    public async Task<IReadOnlyList<ConversationReference>> ListConversationsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var list = new List<ConversationReference>();
        await foreach (var e in _table.QueryAsync(TableFilter.PartitionKeyEquals("conv|" + TableKeys.ToSafeKey(tenantId)), cancellationToken))
        {
            if (e.GetBoolean("Retired") != true)
            {
                list.Add(FromEntity(ProactiveTarget.Conversation(tenantId, e.GetString("TargetId") ?? ""), e));
            }
        }

        return list;
    }

    /// <summary>Marks a reference retired (uninstalled or blocked); proactive sends then stop.</summary>
    public async Task RetireAsync(ProactiveTarget target, string reason, CancellationToken cancellationToken)
    {
        var (pk, rk) = Keys(target);
        recent.Remove("ref|" + pk + "|" + rk);
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync(pk, rk, cancellationToken);
        if (entity is null)
        {
            return;
        }

        var update = new TableEntity(pk, rk) { ["Retired"] = true, ["RetiredReason"] = reason, ["UpdatedAt"] = time.GetUtcNow() };
        try
        {
            await _table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (TableETagMismatchException)
        {
            // Someone refreshed it meanwhile (a new message): they are reachable again, so the newer write wins.
        }
    }

    private static ConversationReference FromEntity(ProactiveTarget target, TableEntity entity) => new(
        target,
        entity.GetString("ServiceUrl") ?? "",
        entity.GetString("ConversationId") ?? "",
        entity.GetString("ChannelId"),
        entity.GetString("BotId"),
        entity.GetString("UserId"),
        entity.GetString("TeamId"),
        entity.GetBoolean("Retired") ?? false);

    private static (string PartitionKey, string RowKey) Keys(ProactiveTarget target) => target.Kind == ProactiveTargetKind.User
        ? ("user|" + TableKeys.ToSafeKey(target.TenantId), TableKeys.ToSafeKey(target.Id))
        : ("conv|" + TableKeys.ToSafeKey(target.TenantId), TableKeys.ToSafeKey(target.Id));
}
