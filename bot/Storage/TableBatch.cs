using Azure;
using Sdk = Azure.Data.Tables;

namespace CxBot.Storage;

/// <summary>Checks an entity group transaction against the service's rules before the SDK sends it.</summary>
internal static class TableBatch
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    // Per action: the changeset part's headers and request line, the keys' and annotations' JSON.
    private const int ActionOverheadBytes = 512;

    /// <summary>The SDK's actions for <paramref name="actions"/>, checked first.</summary>
    /// <exception cref="ArgumentException">No actions, more than 100, several partitions, a row twice, or an update or delete without an ETag.</exception>
    public static List<Sdk.TableTransactionAction> ToSdk(IReadOnlyList<TableTransactionAction> actions)
    {
        Check(actions);
        var sdk = new List<Sdk.TableTransactionAction>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var entity = TableEntities.ToSdk(action.Entity);
            sdk.Add(action.ActionType switch
            {
                TableTransactionActionType.Add => new(Sdk.TableTransactionActionType.Add, entity),
                TableTransactionActionType.UpsertMerge => new(Sdk.TableTransactionActionType.UpsertMerge, entity),
                TableTransactionActionType.UpsertReplace => new(Sdk.TableTransactionActionType.UpsertReplace, entity),
                TableTransactionActionType.UpdateMerge => new(Sdk.TableTransactionActionType.UpdateMerge, entity, RequiredETag(action, i)),
                TableTransactionActionType.UpdateReplace => new(Sdk.TableTransactionActionType.UpdateReplace, entity, RequiredETag(action, i)),
                TableTransactionActionType.Delete => new(Sdk.TableTransactionActionType.Delete, entity, RequiredETag(action, i)),
                _ => throw new ArgumentException($"Action {i} has an unknown type.", nameof(actions)),
            });
        }

        var bytes = actions.Sum(a => EstimatedBytes(a.Entity));
        if (bytes > MaxBodyBytes)
        {
            throw new ArgumentException($"The transaction is about {bytes} bytes; at most {MaxBodyBytes} are allowed.", nameof(actions));
        }

        return sdk;
    }

    /// <summary>The entity's share of the request body, a lower bound (escaping only adds): the service refuses a body over 4 MiB.</summary>
    private static long EstimatedBytes(TableEntity entity)
    {
        long bytes = ActionOverheadBytes + System.Text.Encoding.UTF8.GetByteCount(entity.PartitionKey) + System.Text.Encoding.UTF8.GetByteCount(entity.RowKey);
        foreach (var (name, value) in entity)
        {
            bytes += name.Length + 4 + value switch
            {
                string s => System.Text.Encoding.UTF8.GetByteCount(s) + 2,
                byte[] b => ((b.Length + 2) / 3 * 4) + 2,
                _ => 48,
            };
        }

        return bytes;
    }

    private static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partition = (actions[0].Entity ?? throw new ArgumentException("Action 0 has no entity.", nameof(actions))).PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i].Entity ?? throw new ArgumentException($"Action {i} has no entity.", nameof(actions));
            if (!string.Equals(entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Action {i} is in another partition; a transaction covers one partition.", nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException($"Action {i} touches a row an earlier action touches; a transaction names each row once.", nameof(actions));
            }
        }
    }

    // The SDK takes a default ETag as "any version"; CxBot asks for ETag.All on purpose.
    private static ETag RequiredETag(TableTransactionAction action, int index) =>
        action.ETag == default
            ? throw new ArgumentException($"Action {index} ({action.ActionType}) needs the ETag that was read, or ETag.All on purpose.", nameof(action))
            : action.ETag;
}
