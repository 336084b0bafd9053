using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>The row the benchmark writes: keys and one property of each common type.</summary>
internal sealed record SampleRow(string PartitionKey, string RowKey, string Name, int Count, long Total, double Score, DateTimeOffset When, Guid Id)
{
    /// <summary>Rows with the given keys and varied, deterministic values.</summary>
    public static SampleRow[] Create(int count, Func<int, string> partitionKey, int seed = 42)
    {
        var random = new Random(seed);
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new SampleRow[count];
        for (var i = 0; i < count; i++)
        {
            var guid = new byte[16];
            random.NextBytes(guid);
            rows[i] = new SampleRow(
                partitionKey(i),
                "r" + i.ToString("D7", CultureInfo.InvariantCulture),
                "Service failure at store " + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                random.Next(),
                random.NextInt64(long.MaxValue / 2, long.MaxValue),
                random.NextDouble() * 100,
                epoch.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365)),
                new Guid(guid));
        }

        return rows;
    }

    /// <summary>The same row as the client's entity.</summary>
    public TableEntity ToEntity() => new(PartitionKey, RowKey)
    {
        ["Name"] = Name,
        ["Count"] = Count,
        ["Total"] = Total,
        ["Score"] = Score,
        ["When"] = When,
        ["Id"] = Id,
    };
}

/// <summary>
/// The baseline: "Insert Entity" (POST /{table}) made by hand with a bare <see cref="HttpClient"/>, the JSON written directly
/// and the SharedKeyLite signature computed inline. It sends the same entity as <see cref="TableClient.AddEntityAsync"/> (the SDK's JSON differs only in layout).
/// </summary>
internal sealed class BareTableInserts : IDisposable
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static readonly JsonEncodedText PartitionKey = JsonEncodedText.Encode("PartitionKey");
    private static readonly JsonEncodedText RowKey = JsonEncodedText.Encode("RowKey");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("Name");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("Count");
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("Total");
    private static readonly JsonEncodedText TotalType = JsonEncodedText.Encode("Total@odata.type");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("Score");
    private static readonly JsonEncodedText ScoreType = JsonEncodedText.Encode("Score@odata.type");
    private static readonly JsonEncodedText When = JsonEncodedText.Encode("When");
    private static readonly JsonEncodedText WhenType = JsonEncodedText.Encode("When@odata.type");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("Id");
    private static readonly JsonEncodedText IdType = JsonEncodedText.Encode("Id@odata.type");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly string _account;
    private readonly byte[] _key;

    /// <summary>Creates the baseline; <paramref name="handler"/> replaces the socket handler (as in <see cref="TestTables.CreateService"/>).</summary>
    public BareTableInserts(Uri endpoint, string account, byte[] key, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        _endpoint = endpoint.ToString().TrimEnd('/');
        _account = account;
        _key = key;
    }

    public async Task InsertAsync(string table, SampleRow row, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint + "/" + table);
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(date + "\n/" + _account + request.RequestUri!.AbsolutePath)));
        var headers = request.Headers;
        headers.TryAddWithoutValidation("x-ms-version", "2020-12-06");
        headers.TryAddWithoutValidation("Accept", "application/json;odata=minimalmetadata");
        headers.TryAddWithoutValidation("DataServiceVersion", "3.0;NetFx");
        headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        headers.TryAddWithoutValidation("Prefer", "return-no-content");
        headers.TryAddWithoutValidation("x-ms-date", date);
        headers.TryAddWithoutValidation("Authorization", "SharedKeyLite " + _account + ":" + signature);
        request.Content = new ByteArrayContent(Encode(row));
        request.Content.Headers.ContentType = Json;

        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new HttpRequestException($"Insert answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>The entity's JSON, property for property what the client writes.</summary>
    public static byte[] Encode(SampleRow row)
    {
        var buffer = new ArrayBufferWriter<byte>(1024); // room for the whole row, so Utf8JsonWriter never asks for its 4 KiB growth
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(PartitionKey, row.PartitionKey);
            writer.WriteString(RowKey, row.RowKey);
            writer.WriteString(Name, row.Name);
            writer.WriteNumber(Count, row.Count);
            writer.WriteString(TotalType, "Edm.Int64");
            writer.WriteString(Total, row.Total.ToString(CultureInfo.InvariantCulture));
            writer.WriteString(ScoreType, "Edm.Double");
            writer.WriteNumber(Score, row.Score);
            writer.WriteString(WhenType, "Edm.DateTime");
            writer.WriteString(When, row.When.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString(IdType, "Edm.Guid");
            writer.WriteString(Id, row.Id.ToString("D"));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
