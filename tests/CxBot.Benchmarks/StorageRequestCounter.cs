using System.Collections.Concurrent;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>
/// Counts the bot's table requests by shape (method, point/query/batch/insert, table), for the load benchmark's
/// "storage requests per request kind" table. A handler on the storage HTTP client, after signing.
/// </summary>
internal sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refusalSamples = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>The bot's table prefix, left off the table names in the shapes.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Requests seen so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    public DelegatingHandler CreateHandler() => new Handler(this);

    /// <summary>The counts so far, by shape (a copy).</summary>
    public Dictionary<string, int> Snapshot() => new(_counts, StringComparer.Ordinal);

    /// <summary>Answers other than 2xx so far, by status and shape (<c>412 POST batch Ideas</c>…; a 404 is a point read that found nothing).</summary>
    public Dictionary<string, int> Refusals() => new(_refusals, StringComparer.Ordinal);

    /// <summary>The path of the last request refused, by the keys of <see cref="Refusals"/> (to see which rows they were).</summary>
    public Dictionary<string, string> RefusalSamples() => new(_refusalSamples, StringComparer.Ordinal);

    /// <summary>The shape of a table request: <c>GET point Incidents</c>, <c>GET query IncidentIndex</c>, <c>POST batch Incidents</c>…</summary>
    public static string Shape(string prefix, HttpMethod method, Uri uri, string? batchBody)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        if (path.EndsWith("$batch", StringComparison.Ordinal))
        {
            // The first action's URL names the table: "… http://host/account/{prefix}{Table}…".
            var at = batchBody?.IndexOf("/" + prefix, StringComparison.Ordinal) ?? -1;
            var name = at < 0 ? "" : new string([.. batchBody![(at + 1 + prefix.Length)..].TakeWhile(char.IsAsciiLetterOrDigit)]);
            return $"{method} batch {name}";
        }

        var paren = path.IndexOf('(', StringComparison.Ordinal);
        var table = paren < 0 ? path : path[..paren];
        table = table[(table.LastIndexOf('/') + 1)..];
        if (table.StartsWith(prefix, StringComparison.Ordinal))
        {
            table = table[prefix.Length..];
        }

        var kind = table.Equals("Tables", StringComparison.OrdinalIgnoreCase) ? "table"
            : path.Contains("PartitionKey=", StringComparison.Ordinal) ? "point"
            : method == HttpMethod.Get ? "query"
            : "insert";
        return $"{method} {kind} {table}";
    }

    /// <summary>The status of the first part of a transaction's multipart answer that failed, or null when all succeeded.</summary>
    private static int? FailedPartStatus(string answer) =>
        System.Text.RegularExpressions.Regex.Matches(answer, @"^HTTP/1\.1 (\d{3})", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Cast<int?>()
            .FirstOrDefault(s => s >= 300);

    private sealed class Handler(StorageRequestCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = TableRequestCounter.IsTransaction(request) && request.Content is { } content
                ? await content.ReadAsStringAsync(cancellationToken)
                : null;
            var shape = Shape(counter.Prefix, request.Method, request.RequestUri!, body);
            counter._counts.AddOrUpdate(shape, 1, (_, n) => n + 1);
            Interlocked.Increment(ref counter._total);
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status == 202 && body is not null)
            {
                // A transaction that failed answers 202 with the failing action's status inside, read as the client reads it.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var answer = await response.Content.ReadAsStringAsync(cancellationToken);
                status = FailedPartStatus(answer) ?? status;
            }

            if (status >= 300)
            {
                var key = $"{status} {shape}";
                counter._refusals.AddOrUpdate(key, 1, (_, n) => n + 1);
                counter._refusalSamples[key] = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            }

            return response;
        }
    }
}
