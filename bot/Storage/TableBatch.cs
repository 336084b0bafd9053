using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;

namespace CxBot.Storage;

/// <summary>Encodes an entity group transaction as a multipart/mixed changeset and reads the service's multipart answer.</summary>
internal static partial class TableBatch
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private const string Crlf = "\r\n";

    public sealed record Encoded(string Boundary, byte[] Body);

    public static Encoded Encode(string endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        Check(actions);
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        body.Append("--").Append(batch).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf).Append(Crlf);

        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var entity = action.Entity;
            var (method, path, json, ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", "/" + table, true, (ETag?)null),
                TableTransactionActionType.UpsertMerge => ("MERGE", TableClient.EntityKeyPath(table, entity.PartitionKey, entity.RowKey), true, null),
                TableTransactionActionType.UpsertReplace => ("PUT", TableClient.EntityKeyPath(table, entity.PartitionKey, entity.RowKey), true, null),
                TableTransactionActionType.UpdateMerge => ("MERGE", TableClient.EntityKeyPath(table, entity.PartitionKey, entity.RowKey), true, RequiredETag(action, i)),
                TableTransactionActionType.UpdateReplace => ("PUT", TableClient.EntityKeyPath(table, entity.PartitionKey, entity.RowKey), true, RequiredETag(action, i)),
                TableTransactionActionType.Delete => ("DELETE", TableClient.EntityKeyPath(table, entity.PartitionKey, entity.RowKey), false, RequiredETag(action, i)),
                _ => throw new ArgumentException($"Action {i} has an unknown type.", nameof(actions)),
            };

            body.Append("--").Append(changeset).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append("Content-ID: ").Append(i + 1).Append(Crlf).Append(Crlf)
                .Append(method).Append(' ').Append(endpoint).Append(path).Append(" HTTP/1.1").Append(Crlf)
                .Append("Accept: ").Append(TableServiceClient.AcceptMetadata).Append(Crlf)
                .Append("DataServiceVersion: 3.0;").Append(Crlf);
            if (method == "POST")
            {
                body.Append("Prefer: return-no-content").Append(Crlf);
            }

            if (ifMatch is { } etag)
            {
                body.Append("If-Match: ").Append(etag.ToString()).Append(Crlf);
            }

            if (json)
            {
                body.Append("Content-Type: application/json").Append(Crlf).Append(Crlf)
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Encode(entity)));
            }

            body.Append(Crlf);
        }

        body.Append("--").Append(changeset).Append("--").Append(Crlf)
            .Append("--").Append(batch).Append("--").Append(Crlf);

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        if (bytes.Length > MaxBodyBytes)
        {
            throw new ArgumentException($"The transaction is {bytes.Length} bytes; at most {MaxBodyBytes} are allowed.", nameof(actions));
        }

        return new Encoded(batch, bytes);
    }

    /// <summary>Reads the changeset answer: the ETags on success, or the failing action as an exception.</summary>
    public static IReadOnlyList<ETag> DecodeResponse(string contentType, string body, int actionCount)
    {
        var parts = ResponseParts(body);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Status >= 400)
            {
                var (code, message) = TableTransport.ParseError(part.Body, "The transaction failed.");
                var index = FailedIndex(message, part.ContentId, parts.Count == actionCount ? i : null, actionCount);
                throw new TableTransactionFailedException(
                    part.Status,
                    code,
                    $"Table transaction failed at action {(index is null ? "?" : index.Value.ToString(CultureInfo.InvariantCulture))} with {part.Status} {code}: {message}",
                    index);
            }
        }

        if (parts.Count != actionCount)
        {
            throw new TableStorageException(502, "UnexpectedBatchResponse", $"The transaction answer holds {parts.Count} responses for {actionCount} actions ({contentType}).");
        }

        return [.. parts.Select(p => p.ETag is null ? default : new ETag(p.ETag))];
    }

    internal sealed record Part(int Status, string? ETag, int? ContentId, string Body);

    internal static List<Part> ResponseParts(string body)
    {
        var parts = new List<Part>();
        foreach (Match match in HttpStatusLine().Matches(body))
        {
            var start = match.Index;
            var next = HttpStatusLine().Match(body, match.Index + match.Length);
            var end = next.Success ? next.Index : body.Length;
            var text = body[start..end];
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = headerEnd < 0 ? text : text[..headerEnd];
            var content = headerEnd < 0 ? "" : text[(headerEnd + 4)..];
            var boundary = content.IndexOf("\r\n--", StringComparison.Ordinal);
            if (boundary >= 0)
            {
                content = content[..boundary];
            }

            // Content-ID comes among the HTTP headers (Azure) or the MIME headers before the status line.
            var mimeStart = body.LastIndexOf("\r\n--", start, StringComparison.Ordinal);
            var mime = mimeStart < 0 ? "" : body[mimeStart..start];
            parts.Add(new Part(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                HeaderValue(headers, "ETag"),
                int.TryParse(HeaderValue(headers, "Content-ID") ?? HeaderValue(mime, "Content-ID"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null,
                content.Trim()));
        }

        return parts;
    }

    private static int? FailedIndex(string message, int? contentId, int? position, int count)
    {
        // The service prefixes the message with the zero-based index ("57:One of the request inputs…").
        var prefix = IndexPrefix().Match(message);
        if (prefix.Success && int.TryParse(prefix.Groups[1].Value, CultureInfo.InvariantCulture, out var fromMessage) && fromMessage < count)
        {
            return fromMessage;
        }

        if (contentId is { } id && id >= 1 && id <= count)
        {
            return id - 1;
        }

        return position;
    }

    private static string? HeaderValue(string headers, string name)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
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

    private static ETag RequiredETag(TableTransactionAction action, int index) =>
        action.ETag == default
            ? throw new ArgumentException($"Action {index} ({action.ActionType}) needs the ETag that was read, or ETag.All on purpose.", nameof(action))
            : action.ETag;

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})[^\r\n]*", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HttpStatusLine();

    [GeneratedRegex(@"^(\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex IndexPrefix();
}
