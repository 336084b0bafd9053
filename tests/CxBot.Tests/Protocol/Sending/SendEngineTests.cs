using Stopwatch = System.Diagnostics.Stopwatch;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>The send engine in the real app (local mode) against Azurite and the limited fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SendEngineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Tenant = SendRig.Tenant;
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly List<BotApp> _apps = [];
    private LimitedConnector _connector = null!;
    private TableServiceClient _tables = null!;

    public async Task InitializeAsync()
    {
        _connector = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = 200 });
        _tables = TestTables.CreateService(azurite.Server.Endpoint, _prefix);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Create_AllReachable_DeliversEachOnceAndUpdatesProgressInPlace()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 300);
        var admin = (await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 1, "admin"))[0];
        var jobs = Jobs(StartApp());

        var created = await jobs.CreateAsync(Request("all", users, ProactiveTarget.User(Tenant, admin)), None);
        var done = await WaitDoneAsync(jobs, "all");

        Assert.Equal(300, created.Total);
        Assert.Equal((300, 300, 0, 0, 0), (done.Total, done.Sent, done.Unreachable, done.Failed, done.Uncertain));
        Assert.NotNull(done.FinishedAt);
        var keys = _connector.CountBySendKey();
        Assert.Equal(300, keys.Count);
        Assert.All(keys.Values, count => Assert.Equal(1, count));
        Assert.Single(_connector.Accepted, m => m.ConversationId == "a:chat-" + admin);
        Assert.True(_connector.Counts.Updates >= 1);
        await foreach (var recipient in jobs.ListRecipientsAsync(Tenant, "all", None))
        {
            Assert.Equal(RecipientState.Sent, recipient.State);
            Assert.StartsWith("act-", recipient.ActivityId);
            Assert.Equal(1, recipient.Attempts);
        }
    }

    [Fact]
    public async Task Create_SameJobIdTwice_KeepsTheFirstAndSendsOnce()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 120);
        var jobs = Jobs(StartApp());

        await jobs.CreateAsync(Request("twice", users), None);
        var again = await jobs.CreateAsync(Request("twice", users.Take(5).ToList()), None);
        await WaitDoneAsync(jobs, "twice");

        Assert.Equal(120, again.Total);
        Assert.Equal(120, _connector.CountBySendKey().Count);
        Assert.Equal(120, _connector.AcceptedCount);
    }

    [Fact]
    public async Task Create_ManyRecipients_WritesOneTransactionPerHundredRows()
    {
        var counting = new TableRequestCounter();
        var store = new SendJobStore(TestTables.CreateService(azurite.Server.Endpoint, _prefix, inner: counting), TimeProvider.System);
        await store.EnsureTablesAsync(None);
        counting.Reset();
        var recipients = Enumerable.Range(0, 1_050).Select(i => ProactiveTarget.User(Tenant, "u" + i)).ToList();

        await store.CreateAsync(Request("batched", []), recipients, None);

        Assert.Equal(11, counting.Batches);
        Assert.InRange(counting.Total, 11, 16);
        var rows = new List<RecipientRow>();
        await foreach (var row in store.ListRecipientsAsync(Tenant, "batched", None))
        {
            rows.Add(row);
        }

        Assert.Equal(recipients.Select(r => r.Id), rows.OrderBy(r => r.Index).Select(r => r.Target.Id));
        Assert.Equal(11, rows.Select(r => r.PartitionKey).Distinct().Count());
    }

    [Fact]
    public async Task Send_IndexLineWithoutItsJob_SkippedWhileYoungDroppedWhenStaleAndTheJobSentOnceItCame()
    {
        // A one-message job is listed while its rows are written: a sender may read the line first.
        var user = (await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 1))[0];
        var jobsTable = _tables.GetTableClient(SendJobStore.JobsTable);
        await jobsTable.CreateIfNotExistsAsync(None);
        var now = DateTimeOffset.UtcNow;
        await jobsTable.UpsertEntityAsync(new TableEntity("active", TableKeys.ToSafeKey(Tenant) + "|young") { ["TenantId"] = Tenant, ["JobId"] = "young", ["ListedAt"] = now }, TableUpdateMode.Replace, None);
        await jobsTable.UpsertEntityAsync(new TableEntity("active", TableKeys.ToSafeKey(Tenant) + "|never") { ["TenantId"] = Tenant, ["JobId"] = "never", ["ListedAt"] = now - SendJobStore.StaleCreation - TimeSpan.FromSeconds(1) }, TableUpdateMode.Replace, None);
        var jobs = Jobs(StartApp());
        var store = new SendJobStore(_tables, TimeProvider.System);

        Assert.True(await Poll.UntilAsync(async () => (await store.ListActiveAsync(None, Tenant)).All(l => l.JobId != "never"), TimeSpan.FromSeconds(30)), "the stale line was not dropped");
        Assert.Contains(await store.ListActiveAsync(None, Tenant), l => l.JobId == "young");

        await jobs.CreateAsync(Request("young", [user]), None);
        var done = await WaitDoneAsync(jobs, "young");

        Assert.Equal(1, done.Sent);
        Assert.Equal(1, _connector.AcceptedCount);
    }

    [Fact]
    public async Task Create_BadRequest_RefusedAndNothingStored()
    {
        var jobs = Jobs(StartApp());

        await Assert.ThrowsAsync<ArgumentException>(() => jobs.CreateAsync(Request("bad id!", ["a"]), None));
        await Assert.ThrowsAsync<ArgumentException>(() => jobs.CreateAsync(Request("other-tenant", []) with { Recipients = [ProactiveTarget.User("another-tenant", "a")] }, None));

        Assert.Null(await jobs.GetAsync(Tenant, "other-tenant", None));
    }

    [Fact]
    public async Task Send_UnreachableRecipients_RecordedWithTheirReason()
    {
        var reachable = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 5);
        var retired = (await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 1, "retired"))[0];
        await _tables.GetTableClient("ConversationRefs").UpsertEntityAsync(new TableEntity("user|" + Tenant, retired) { ["Retired"] = true }, TableUpdateMode.Merge, None);
        var jobs = Jobs(StartApp());

        await jobs.CreateAsync(Request("mixed", [.. reachable, retired, "never-1", "never-2"]), None);
        var done = await WaitDoneAsync(jobs, "mixed");

        Assert.Equal((5, 3, 0), (done.Sent, done.Unreachable, done.Failed));
        var reasons = new Dictionary<string, string?>();
        await foreach (var r in jobs.ListRecipientsAsync(Tenant, "mixed", None))
        {
            reasons[r.Target.Id] = r.State == RecipientState.Unreachable ? r.Reason : "sent";
        }

        Assert.Equal(PeopleReasons.RemovedOrBlocked, reasons[retired]);
        Assert.Equal(PeopleReasons.InNoTeamWithTheBot, reasons["never-1"]);
        Assert.Equal(5, _connector.AcceptedCount);
    }

    [Fact]
    public async Task Send_429_PausesTheWholeTenantForRetryAfter()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 40);
        var jobs = Jobs(StartApp());
        _connector.Faults = new LimitedConnectorFaults { Share429 = 1 };

        await jobs.CreateAsync(Request("throttled", users), None);
        Assert.True(await WaitAsync(() => _connector.Counts.Injected429 >= 1, TimeSpan.FromSeconds(30)));
        var throttledAt = _connector.Elapsed;
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        _connector.Faults = new LimitedConnectorFaults();
        var done = await WaitDoneAsync(jobs, "throttled");

        Assert.Equal(40, done.Sent);
        Assert.All(_connector.CountBySendKey().Values, count => Assert.Equal(1, count));
        // Throttled for 1.5 s: sending on at 200/s would have met some 300 429s; pausing the tenant for each
        // Retry-After (1 s) meets only the few requests already under way, twice.
        Assert.True(_connector.Counts.Injected429 is >= 2 and <= 20, $"{_connector.Counts.Injected429} requests got a 429");
        Assert.True(_connector.Accepted[0].At >= throttledAt + TimeSpan.FromMilliseconds(900), $"first accepted {(_connector.Accepted[0].At - throttledAt).TotalMilliseconds} ms after the 429");
    }

    [Fact]
    public async Task Send_ConnectionDroppedAfterAccepting_ResentAndCountedAsUncertain()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 200);
        var jobs = Jobs(StartApp());
        _connector.Faults = new LimitedConnectorFaults { DropShare = 0.05 };

        await jobs.CreateAsync(Request("dropped", users), None);
        var done = await WaitDoneAsync(jobs, "dropped");

        var keys = _connector.CountBySendKey();
        Assert.Equal(200, done.Sent);
        Assert.Equal(200, keys.Count);
        Assert.True(_connector.Counts.Dropped > 0);
        // Every dropped answer is a message Teams kept and the engine sent again: each one is counted, none is hidden.
        Assert.Equal(_connector.Counts.Dropped, keys.Values.Sum() - keys.Count);
        Assert.Equal(keys.Count(k => k.Value > 1), done.Uncertain);
    }

    [Fact]
    public async Task Lease_GracefulStop_AnotherInstanceTakesOverWithinSecondsAndSendsEachOnce()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 300);
        var first = StartApp(("Sending:TenantRequestsPerSecond", "50"));
        var jobs = Jobs(first);

        await jobs.CreateAsync(Request("handover", users), None);
        Assert.True(await _connector.WaitForAcceptedAsync(60, TimeSpan.FromSeconds(30)));
        Assert.True(await WaitAsync(async () => await jobs.GetAsync(Tenant, "handover", None) is { Sent: > 0, Done: false }, TimeSpan.FromSeconds(10)), "no progress saved while sending");
        var second = Jobs(StartApp(("Sending:TenantRequestsPerSecond", "50")));
        var stopping = Stopwatch.StartNew();
        _apps.Remove(first);
        await first.DisposeAsync();
        stopping.Stop();
        var done = await WaitDoneAsync(second, "handover");

        Assert.Equal((300, 0), (done.Sent, done.Uncertain));
        Assert.All(_connector.CountBySendKey().Values, count => Assert.Equal(1, count));
        Assert.Equal(300, _connector.AcceptedCount);
        var gaps = _connector.Accepted.Zip(_connector.Accepted.Skip(1), (a, b) => b.At - a.At);
        Assert.True(gaps.Max() < stopping.Elapsed + TimeSpan.FromSeconds(3), $"longest pause {gaps.Max().TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Send_JobOfSeveralPages_SendsTheFirstPageWhileTheRestIsReadAndCountsRowsReadLater()
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 1_500);
        var store = new SendJobStore(_tables, TimeProvider.System);
        var request = Request("paged", users);
        await store.CreateAsync(request, request.Recipients, None);
        // Rows of the second page settled by an earlier holder: counted when read, never sent again.
        await foreach (var row in store.ListRecipientsAsync(Tenant, "paged", None))
        {
            if (row.Index >= 1_400)
            {
                await store.TryUpdateAsync(row, new TableEntity { ["State"] = row.Index < 1_450 ? RowStates.Sent : RowStates.Unreachable }, None);
            }
        }

        var gate = new SecondPageGate();
        var jobs = Jobs(StartApp(
            s => s.AddHttpClient("CxBot.Tables").AddHttpMessageHandler(() => new SecondPageGate.Handler(gate)),
            ("Storage:AttemptTimeout", "00:01:00"),
            ("Storage:OperationTimeout", "00:02:00")));

        // The second page of rows is held: the first page's 1,000 are sent meanwhile, and the job cannot be done.
        // (Distinct rows, not messages: on a loaded machine a send can time out and be resent, which the engine counts as uncertain.)
        Assert.True(await WaitAsync(() => _connector.CountBySendKey().Count >= 1_000, TimeSpan.FromSeconds(60)), "the first page was not sent while the second was held");
        Assert.True(gate.Held >= 1, "the second page was never asked for");
        var firstPage = _connector.CountBySendKey();
        Assert.Equal(1_000, firstPage.Count);
        Assert.All(firstPage.Keys, key => Assert.InRange(int.Parse(key.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture), 0, 999));
        Assert.False((await jobs.GetAsync(Tenant, "paged", None))!.Done);
        gate.Open();
        var done = await WaitDoneAsync(jobs, "paged");

        Assert.Equal((1_500, 1_450, 50, 0), (done.Total, done.Sent, done.Unreachable, done.Failed));
        var keys = _connector.CountBySendKey();
        Assert.Equal(1_400, keys.Count);
        // Each row sent more than once is one the engine counted as uncertain (none on a quiet machine).
        Assert.InRange(keys.Count(k => k.Value > 1), 0, done.Uncertain);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("unexpected")] // any other exception out of a poll: before, it ended the worker and the host stopped with it
    public async Task Poll_StorageCallsFail_WorkerKeepsTheHostUpAndSendsAfterwards(string failure)
    {
        var users = await SendRig.SeedUsersAsync(_tables, _connector.ServiceUrl, 20);
        var timeouts = new StorageTimeouts { Unexpected = failure == "unexpected" };
        var app = StartApp(s => s.AddHttpClient("CxBot.Tables").AddHttpMessageHandler(() => new StorageTimeouts.Handler(timeouts)));
        var jobs = Jobs(app);
        var lifetime = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();

        timeouts.On = true;
        Assert.True(await WaitAsync(() => timeouts.Thrown >= 10, TimeSpan.FromSeconds(30)), "the worker did not poll");
        timeouts.On = false;
        await jobs.CreateAsync(Request("after-timeouts", users), None);
        var done = await WaitDoneAsync(jobs, "after-timeouts");

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.Equal(20, done.Sent);
    }

    private BotApp StartApp(params (string Key, string? Value)[] extra) => StartApp(null, extra);

    private BotApp StartApp(Action<IServiceCollection>? services, params (string Key, string? Value)[] extra)
    {
        var app = new BotApp(BotApp.With(azurite.Server, [
            ("Bot:AppId", ""),
            ("Storage:TablePrefix", _prefix),
            ("Sending:TenantRequestsPerSecond", "200"),
            ("Sending:PollInterval", "00:00:00.200"),
            ("Sending:ProgressInterval", "00:00:01"),
            // A loopback answer can take seconds on a loaded 2-core CI machine: a send timing out there would be resent
            // (rightly, as uncertain) and break the exactly-once counts these tests check for a healthy connector.
            ("Sending:LeaseDuration", "00:00:15"),
            ("Sending:LeaseRenewEvery", "00:00:01"),
            ("Sending:AttemptTimeout", "00:00:10"),
            ("Sending:RetryDelay", "00:00:00.100"),
            .. extra]))
        {
            TestServices = services,
        };
        _apps.Add(app);
        return app;
    }

    private static ISendJobs Jobs(BotApp app) => app.Services.GetRequiredService<ISendJobs>();

    private static SendJobRequest Request(string jobId, IReadOnlyList<string> users, ProactiveTarget? progressTo = null) => new(
        Tenant,
        jobId,
        "Test broadcast",
        new Activity { Type = ActivityTypes.Message, Text = "Hello" },
        [.. users.Select(u => ProactiveTarget.User(Tenant, u))],
        progressTo);

    private static async Task<SendJobStatus> WaitDoneAsync(ISendJobs jobs, string jobId)
    {
        SendJobStatus? status = null;
        Assert.True(await WaitAsync(async () => (status = await jobs.GetAsync(Tenant, jobId, None)) is { Done: true }, TimeSpan.FromSeconds(90)), $"job not done: {status}");
        return status!;
    }

    private static Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout) => Poll.UntilAsync(condition, timeout);

    private static Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout) => Poll.UntilAsync(condition, timeout);

    /// <summary>Holds every request for a second or later page of recipient rows until opened.</summary>
    private sealed class SecondPageGate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public int Held => Volatile.Read(ref _held);

        public void Open() => _open.TrySetResult();

        public sealed class Handler(SecondPageGate gate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var url = request.RequestUri!.OriginalString;
                if (request.Method == HttpMethod.Get && url.Contains(SendJobStore.RecipientsTable, StringComparison.Ordinal) && url.Contains("NextPartitionKey", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref gate._held);
                    await gate._open.Task.WaitAsync(cancellationToken);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>While on, every table request fails the way HttpClient.Timeout fails it: a cancellation nobody asked for.</summary>
    private sealed class StorageTimeouts
    {
        private int _thrown;
        private volatile bool _on;

        public bool On
        {
            get => _on;
            set => _on = value;
        }

        public int Thrown => Volatile.Read(ref _thrown);

        /// <summary>Throw an exception no storage code expects instead of a timeout.</summary>
        public bool Unexpected { get; init; }

        public sealed class Handler(StorageTimeouts timeouts) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (!timeouts.On)
                {
                    return base.SendAsync(request, cancellationToken);
                }

                Interlocked.Increment(ref timeouts._thrown);
                return Task.FromException<HttpResponseMessage>(timeouts.Unexpected
                    ? new InvalidOperationException("A failure nothing below the worker handles.")
                    : new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()));
            }
        }
    }
}
