using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace CxBot.Storage;

/// <summary>Encodes entities as the service's JSON (with <c>@odata.type</c> where a type cannot be inferred) and decodes its answers.</summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // Utf8JsonWriter asks its buffer for 4 KiB whenever it needs more room, so a fresh buffer per entity cost about
    // 5 KiB of garbage for a few hundred bytes of JSON. Each thread keeps one buffer and writer instead (Encode never
    // awaits, so nothing else uses them meanwhile); a buffer grown past CachedBufferLimit by a large entity is let go.
    private const int CachedBufferLimit = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Encode(TableEntity entity)
    {
        if (entity.Count > TableValues.MaxProperties)
        {
            throw new ArgumentException($"The entity has {entity.Count} properties; at most {TableValues.MaxProperties} are allowed.", nameof(entity));
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            Write(writer, entity);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > CachedBufferLimit)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                // Always typed: a whole number such as 2.0 would otherwise come back as an Int32.
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset t:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, t.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which table storage cannot hold.", nameof(value));
        }
    }

    public static TableEntity Decode(JsonElement json, string? etagHeader = null)
    {
        var entity = new TableEntity();
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            switch (name)
            {
                case "PartitionKey":
                    entity.PartitionKey = property.Value.GetString() ?? "";
                    continue;
                case "RowKey":
                    entity.RowKey = property.Value.GetString() ?? "";
                    continue;
                case "Timestamp":
                    entity.Timestamp = ParseDate(property.Value.GetString());
                    continue;
                case "odata.etag":
                    entity.ETag = new ETag(property.Value.GetString()!);
                    continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            var type = json.TryGetProperty(name + TypeSuffix, out var t) ? t.GetString() : null;
            var value = ReadValue(property.Value, type);
            if (value is not null)
            {
                entity[name] = value;
            }
        }

        if (etagHeader is not null)
        {
            entity.ETag = new ETag(etagHeader);
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return edmType switch
        {
            "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseSpecialDouble(value.GetString()!) : value.GetDouble(),
            "Edm.DateTime" => ParseDate(value.GetString()),
            "Edm.Guid" => Guid.Parse(value.GetString()!),
            "Edm.Binary" => value.GetBytesFromBase64(),
            "Edm.Int32" => value.GetInt32(),
            "Edm.Boolean" => value.GetBoolean(),
            "Edm.String" => value.GetString(),
            _ => InferValue(value),
        };
    }

    private static object? InferValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when IsWholeNumberText(value.GetRawText()) && value.TryGetInt32(out var i) => i,
        JsonValueKind.Number => value.GetDouble(),
        _ => null,
    };

    private static bool IsWholeNumberText(string raw) => raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    private static double ParseSpecialDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset? ParseDate(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
