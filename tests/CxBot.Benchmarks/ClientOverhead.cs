using System.Diagnostics;
using System.Net;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>
/// What one insert costs on this side of the socket: the client and the bare baseline send to a handler that answers
/// 204 at once, so the figures are our own CPU time and allocations per call, free of Azurite and of network noise.
/// </summary>
internal static class ClientOverhead
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/" + TableConnection.DevelopmentAccountName);

    /// <summary>Microseconds and bytes allocated per insert, client then bare; median of alternating rounds.</summary>
    public static async Task<(Cost Client, Cost Bare)> MeasureAsync(int perRound, int rounds, CancellationToken cancellationToken)
    {
        var service = TestTables.CreateService(Endpoint, "overhead", inner: new NoContentHandler());
        var table = service.GetTableClient("Inserts");
        using var bare = new BareTableInserts(Endpoint, TableConnection.DevelopmentAccountName, Convert.FromBase64String(TableConnection.DevelopmentAccountKey), new NoContentHandler());
        var rows = SampleRow.Create(1_000, i => "p" + (i % 16).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Func<int, Task> client = i => table.AddEntityAsync(rows[i % rows.Length].ToEntity(), cancellationToken);
        Func<int, Task> baseline = i => bare.InsertAsync(table.Name, rows[i % rows.Length], cancellationToken);

        await RunAsync(perRound, client);
        await RunAsync(perRound, baseline);
        var clientCosts = new List<Cost>();
        var bareCosts = new List<Cost>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                clientCosts.Add(await RunAsync(perRound, client));
                bareCosts.Add(await RunAsync(perRound, baseline));
            }
            else
            {
                bareCosts.Add(await RunAsync(perRound, baseline));
                clientCosts.Add(await RunAsync(perRound, client));
            }
        }

        return (Cost.Median(clientCosts), Cost.Median(bareCosts));
    }

    private static async Task<Cost> RunAsync(int count, Func<int, Task> insert)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await insert(i);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        return new Cost(elapsed.TotalMicroseconds / count, (double)(GC.GetTotalAllocatedBytes(precise: true) - bytes) / count);
    }

    /// <summary>Microseconds of this process and bytes it allocated, per insert.</summary>
    internal sealed record Cost(double Micros, double Bytes)
    {
        public static Cost Median(List<Cost> costs) =>
            new(LatencyStats.Median([.. costs.Select(c => c.Micros)]), LatencyStats.Median([.. costs.Select(c => c.Bytes)]));
    }

    /// <summary>Answers every request as the service answers an insert with <c>Prefer: return-no-content</c>.</summary>
    private sealed class NoContentHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request, Content = new ByteArrayContent([]) };
            response.Headers.TryAddWithoutValidation("ETag", "W/\"datetime'2026-11-22T11%3A00%3A00.1234567Z'\"");
            return Task.FromResult(response);
        }
    }
}
