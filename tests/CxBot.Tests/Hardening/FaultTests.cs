using CxBot.Testing;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Protocol;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxBot.Tests.Hardening;

/// <summary>Storage down under load, connector bursts and slow answers: friendly answers, nothing acknowledged lost, replies once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class FaultTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StorageDown_DuringIncidentLoad_FriendlyAnswersNothingAcknowledgedLostRecoversReadyzTracks()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = await new IncidentFlow(bot.App, bot.Connector).SetUpAsync();
        var client = bot.App.CreateClient();
        var acknowledged = new ConcurrentDictionary<string, string>(); // token → reference
        var friendly = 0;
        var unexpected = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var token = $"w{w}-{n}";
                var (status, body) = await bot.PostRawAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission(token)).ToJsonString(), null, client);
                if (status == 200 && Reference().Match(body) is { Success: true } reference)
                {
                    acknowledged[token] = reference.Value;
                }
                else if (status == 200 && JsonNode.Parse(body)?["value"]?.GetValue<string>() == MessagesEndpoint.StorageUnavailableMessage)
                {
                    Interlocked.Increment(ref friendly);
                }
                else
                {
                    unexpected.Enqueue($"{status} {body}");
                }

                await Task.Delay(5); // pacing: a steady load, not a busy loop

            }
        })).ToArray();

        await Until(() => acknowledged.Count >= 10);
        bot.Faults.Down = true;
        var ackedBefore = acknowledged.Count;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await Until(() => Volatile.Read(ref friendly) >= 20, () => $"friendly {friendly}, unexpected {unexpected.Count}: {unexpected.FirstOrDefault()}");
        bot.Faults.Down = false;

        // No restart: the same process serves again as soon as storage answers.
        await Until(() => acknowledged.Count >= ackedBefore + 10);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        output.WriteLine($"acknowledged {acknowledged.Count}, friendly answers {friendly}, storage requests refused {bot.Faults.Refused}");
        Assert.True(unexpected.IsEmpty, $"{unexpected.Count} unexpected answers, first: {unexpected.FirstOrDefault()}");
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        var store = bot.App.Services.GetRequiredService<IncidentStore>();
        var stored = (await store.ByReporterAsync(f.T.Tenant, f.Reporter, int.MaxValue, default)).Select(s => s.Incident.Reference).ToHashSet();
        Assert.DoesNotContain(acknowledged.Values, r => !stored.Contains(r)); // nothing acknowledged is lost
        Assert.Equal(acknowledged.Count, acknowledged.Values.Distinct().Count()); // one reference per submission
    }

    [Fact]
    public async Task ConnectorBursts_429And5xxThenSlowAnswer_ReplyArrivesOnceLate()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = new IncidentFlow(bot.App, bot.Connector);
        bot.Connector.Enqueue(429, retryAfter: "0");
        bot.Connector.Enqueue(503);
        bot.Connector.Enqueue(502);
        bot.Connector.EnqueueSlow(TimeSpan.FromSeconds(1));

        await f.PostAsync(f.T.PersonalText(f.Reporter, "help"));

        var posts = bot.Connector.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(4, posts.Count); // three refused, the fourth answered (late): no fifth
        Assert.Single(posts.Select(p => p.Body).Distinct());
    }

    [Fact]
    public async Task ConnectorSlowerThanAttemptTimeout_NewActivityNotPostedTwice()
    {
        // Regression: a POST that timed out was retried, and a connector that had in fact posted it showed the reply twice.
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false, ("Bot:ConnectorAttemptTimeout", "00:00:00.300"));
        var f = new IncidentFlow(bot.App, bot.Connector);
        bot.Connector.EnqueueSlow(TimeSpan.FromSeconds(2));

        await f.PostAsync(f.T.PersonalText(f.Reporter, "help"));

        Assert.Single(bot.Connector.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains(bot.Logs.Entries, e => e.EventId == 2092); // the turn says its reply may not have arrived
    }

    [Fact]
    public async Task IncidentSubmit_WeekCountersStayContended_AskedToSubmitAgainThenLoggedOnce()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = await new IncidentFlow(bot.App, bot.Connector).SetUpAsync();
        var submit = f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("contended-1")).ToJsonString();

        bot.Faults.ConflictBatchesWith = IncidentKeys.Counters;
        var (busyStatus, busyBody) = await bot.PostRawAsync(submit, null);
        bot.Faults.ConflictBatchesWith = null;

        Assert.Equal(200, busyStatus);
        Assert.Contains("Press Submit again", busyBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(Reference(), busyBody);
        var store = bot.App.Services.GetRequiredService<IncidentStore>();
        Assert.Empty(await store.ByReporterAsync(f.T.Tenant, f.Reporter, int.MaxValue, default));

        var (status, body) = await bot.PostRawAsync(submit, null);
        var (againStatus, againBody) = await bot.PostRawAsync(submit, null);

        Assert.Equal(200, status);
        Assert.Equal(200, againStatus);
        var reference = Reference().Match(body).Value;
        Assert.NotEmpty(reference);
        Assert.Equal(reference, Reference().Match(againBody).Value);
        Assert.Single(await store.ByReporterAsync(f.T.Tenant, f.Reporter, int.MaxValue, default));
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task IncidentSubmit_RequestCancelledRightAfterTheClaim_IncidentStillWritten()
    {
        // A phone that went away between the claim and the incident's write left the reporter's list pointing at an incident
        // that was never written (seen as 139,490 reads of missing incidents when a 10-minute load fell behind).
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = await new IncidentFlow(bot.App, bot.Connector).SetUpAsync();
        var submit = f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("cancelled-1")).ToJsonString();
        using var phone = new CancellationTokenSource();
        bot.Faults.AfterBatch = body =>
        {
            if (body.Contains("submit|", StringComparison.Ordinal))
            {
                phone.Cancel();
            }
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(submit, System.Text.Encoding.UTF8, "application/json") };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bot.App.CreateClient().SendAsync(request, phone.Token));
        bot.Faults.AfterBatch = null;

        var store = bot.App.Services.GetRequiredService<IncidentStore>();
        var pointers = await store.ReporterPointersAsync(f.T.Tenant, f.Reporter, 20, default);
        var written = await Poll.UntilAsync(async () => (await store.ByReporterAsync(f.T.Tenant, f.Reporter, 20, default)).Count == 1, TimeSpan.FromSeconds(15));

        Assert.Single(pointers);
        Assert.True(written, "the claimed incident was never written");
    }

    private static async Task Until(Func<bool> condition, Func<string>? state = null) =>
        Assert.True(await Poll.UntilAsync(condition, Patience), "condition not met in time; " + state?.Invoke());

    [GeneratedRegex(@"INC-\d{4}-\d{6}")]
    private static partial Regex Reference();
}
