using Sdk = Azure.Data.Tables;

namespace CxBot.Storage;

/// <summary>Copies entities between CxBot's <see cref="TableEntity"/> (checked names and types, custom properties only) and the SDK's.</summary>
internal static class TableEntities
{
    private const string TypeSuffix = "@odata.type";

    /// <summary>The SDK entity to send; the ETag is not copied (a write's condition is passed on its own).</summary>
    /// <exception cref="ArgumentException">More properties than the service allows.</exception>
    public static Sdk.TableEntity ToSdk(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Count > TableValues.MaxProperties)
        {
            throw new ArgumentException($"The entity has {entity.Count} properties; at most {TableValues.MaxProperties} are allowed.", nameof(entity));
        }

        var sdk = new Sdk.TableEntity(entity.PartitionKey, entity.RowKey);
        foreach (var (name, value) in entity)
        {
            if (value is double d && !double.IsFinite(d))
            {
                // JSON has no number for NaN or ±Infinity and the SDK refuses to write them: sent as the service's typed text.
                sdk[name] = double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
                sdk[name + TypeSuffix] = "Edm.Double";
            }
            else
            {
                sdk[name] = value;
            }
        }

        return sdk;
    }

    /// <summary>The entity read, with its keys, Timestamp and ETag in their own members and only custom properties enumerated.</summary>
    public static TableEntity FromSdk(Sdk.TableEntity sdk)
    {
        var entity = new TableEntity
        {
            PartitionKey = sdk.PartitionKey ?? "",
            RowKey = sdk.RowKey ?? "",
            Timestamp = sdk.Timestamp,
            ETag = sdk.ETag,
        };
        foreach (var (name, value) in sdk)
        {
            if (value is null || IsSystem(name))
            {
                continue;
            }

            entity.SetRead(name, value switch
            {
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                DateTimeOffset t => t.ToUniversalTime(),
                BinaryData b => b.ToArray(),
                _ => value,
            });
        }

        return entity;
    }

    // The SDK's entity lists the keys, Timestamp, odata.etag and type annotations among its properties.
    private static bool IsSystem(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal);
}
