using System.Text.Json.Nodes;
using CxBot.Protocol;
using CxBot.Protocol.Sending;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>
/// Welcomes on install go through the tenant's one sending budget: the real app (local mode, answering installs at once
/// as deployed) against Azurite and the fake connector that enforces Teams' limits with 429s.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstallStormTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _admin = Guid.NewGuid().ToString();
    private readonly List<BotApp> _apps = [];
    private LimitedConnector _connector = null!;
    private SetupActivities _t = null!;

    public async Task InitializeAsync()
    {
        _connector = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = 5, KeepBodies = true });
        _t = new SetupActivities(_connector.ServiceUrl, Guid.NewGuid().ToString());
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
    public async Task InstallStorm_FortyAtOnceSomeRedelivered_EveryWelcomeOnceAndNoBreach()
    {
        var app = StartApp();
        var people = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()).ToList();
        var installs = people.Select(_t.PersonalInstall).ToList();

        // Teams redelivers an install it got no answer to in time: the first five arrive twice.
        var answers = await Task.WhenAll(installs.Concat(installs.Take(5)).Select(async install =>
        {
            using var response = await app.PostAsync(JsonNode.Parse(install.ToJsonString())!);
            return (int)response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(200, status));
        var conversations = installs.Select(i => (string)i["conversation"]!["id"]!).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Poll.UntilAsync(() => Welcomes(conversations).Select(m => m.ConversationId).Distinct().Count() == 40, Patience), $"{Welcomes(conversations).Count} welcomes of 40");
        Assert.True(await Poll.UntilAsync(async () => (await Store(app).ListActiveAsync(CancellationToken.None)).Count == 0, Patience), "send jobs still active");

        var welcomes = Welcomes(conversations);
        Assert.Equal(40, welcomes.Count);
        Assert.All(welcomes.GroupBy(m => m.ConversationId), g => Assert.Single(g));
        Assert.All(welcomes, m => Assert.Equal("Welcome to CxBot", m.Summary));
        Assert.All(welcomes, m => Assert.Contains("I help you and your team keep our customer experience standards high", Seen(m), StringComparison.Ordinal));
        Assert.Equal(0, _connector.Breaches);
    }

    [Fact]
    public async Task Welcome_RefusedWith429AndRetryAfter_SentOnceAfterTheWaitAndTheRefusalNotCountedAsAnAttempt()
    {
        var app = StartApp();
        _connector.Faults = new LimitedConnectorFaults { Share429 = 1, RetryAfter429 = TimeSpan.FromSeconds(1) };
        var install = _t.PersonalInstall(Guid.NewGuid().ToString());
        var conversation = (string)install["conversation"]!["id"]!;

        using (var response = await app.PostAsync(install))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(await Poll.UntilAsync(() => _connector.Counts.Injected429 >= 2, Patience), "the connector was never asked");
        _connector.Faults = new LimitedConnectorFaults();
        var jobs = app.Services.GetRequiredService<ISendJobs>();
        var jobId = Outbox.JobId("welcome", _t.Tenant, JsonSerializerFor(install));
        SendJobStatus? status = null;
        Assert.True(await Poll.UntilAsync(async () => (status = await jobs.GetAsync(_t.Tenant, jobId, CancellationToken.None)) is { Done: true }, Patience), $"welcome job not done: {status}");

        Assert.Equal((1, 0, 0), (status!.Sent, status.Failed, status.Unreachable));
        Assert.Single(_connector.Accepted, m => m.ConversationId == conversation);
        var row = Assert.Single(await jobs.ListRecipientsAsync(_t.Tenant, jobId, CancellationToken.None).ToListAsync());
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task Welcome_RefusedForGood_CountedAndShownToAdminsOnTheSetupCard()
    {
        var app = StartApp(("Sending:MaxAttempts", "2"));
        _connector.Faults = new LimitedConnectorFaults { Share503 = 1 };
        var install = _t.PersonalInstall(Guid.NewGuid().ToString());
        using (var response = await app.PostAsync(install))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var jobs = app.Services.GetRequiredService<ISendJobs>();
        var jobId = Outbox.JobId("welcome", _t.Tenant, JsonSerializerFor(install));
        Assert.True(await Poll.UntilAsync(async () => await jobs.GetAsync(_t.Tenant, jobId, CancellationToken.None) is { Done: true, Failed: 1 }, Patience), "the welcome was not given up on");
        var failures = app.Services.GetRequiredService<ISendFailures>();
        Assert.True(await Poll.UntilAsync(async () => (await failures.ListAsync(_t.Tenant, CancellationToken.None)).Any(f => f.Label == "welcome" && f.Failed == 1), Patience), "the failure was not counted");

        _connector.Faults = new LimitedConnectorFaults();
        var before = _connector.AcceptedCount;
        using (var response = await app.PostAsync(_t.Named(_admin, "Alex Admin").PersonalText(_admin, "setup")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var setupCard = Assert.Single(_connector.Accepted.Skip(before), m => m.Json is not null && m.Json.Contains("attachments", StringComparison.Ordinal));
        var text = Seen(setupCard);
        Assert.Contains("One welcome from CxBot could not be delivered (", text, StringComparison.Ordinal);
        Assert.Contains("Teams kept refusing it. Whoever missed it can type help to CxBot to see what it does.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpTyped_WhileThirtyWelcomesAreQueued_AnsweredAheadOfThemWithinTheLimit()
    {
        var app = StartApp();
        var people = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid().ToString()).ToList();
        var installs = people.Select(_t.PersonalInstall).ToList();
        await Task.WhenAll(installs.Select(async install =>
        {
            using var response = await app.PostAsync(install);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }));
        var conversations = installs.Select(i => (string)i["conversation"]!["id"]!).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Poll.UntilAsync(() => Welcomes(conversations).Count > 0, Patience), "no welcome went out");

        // At 5 requests a second, 30 welcomes take 6 s: the answer must not wait behind them.
        var asker = Guid.NewGuid().ToString();
        var help = _t.Named(asker, "Hana Helpwanted").PersonalText(asker, "help");
        using (var response = await app.PostAsync(help))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var welcomesBeforeTheAnswer = Welcomes(conversations).Count;
        var answer = Assert.Single(_connector.Accepted, m => m.ConversationId == (string)help["conversation"]!["id"]!);
        Assert.Contains("What would you like to do?", Seen(answer), StringComparison.Ordinal);
        Assert.True(welcomesBeforeTheAnswer < 30, "the answer came only after every welcome");
        Assert.True(await Poll.UntilAsync(() => Welcomes(conversations).Count == 30, Patience), $"{Welcomes(conversations).Count} welcomes of 30");
        Assert.Equal(0, _connector.Breaches);
    }

    [Fact]
    public async Task InstallStorm_OrganisationAndAdminAlreadyThere_InstallsReadTheSetupOnlyForTheRecentCopy()
    {
        var setupReads = new TableReads("Setup");
        var app = StartApp(setupReads);
        var first = _t.PersonalInstall(Guid.NewGuid().ToString());
        using (var response = await app.PostAsync(first))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // The first install created the organisation (its admin is configured); every later one can change nothing, so it
        // must not read the setup afresh: one read per recent copy (SetupService.RecentFreshness), not two per install.
        var installs = Enumerable.Range(0, 20).Select(_ => _t.PersonalInstall(Guid.NewGuid().ToString())).ToList();
        setupReads.Reset();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var install in installs)
        {
            using var response = await app.PostAsync(install);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var took = clock.Elapsed;
        var copies = (int)Math.Ceiling(took / CxBot.Features.Setup.SetupService.RecentFreshness) + 1;
        var conversations = installs.Select(i => (string)i["conversation"]!["id"]!).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Poll.UntilAsync(() => Welcomes(conversations).Count == 20, Patience), $"{Welcomes(conversations).Count} welcomes of 20");
        Assert.True(setupReads.Count <= copies + 2, $"{setupReads.Count} setup reads for 20 installs over {took.TotalSeconds:F1} s (at most {copies} recent copies, and 2 for background work)");
        Assert.All(Welcomes(conversations), m => Assert.Contains("I help you and your team keep our customer experience standards high", Seen(m), StringComparison.Ordinal));
        Assert.All(Welcomes(conversations), m => Assert.DoesNotContain("Setup", VisibleText.Of(JsonNode.Parse(m.Json!))));
    }

    private List<AcceptedMessage> Welcomes(HashSet<string> conversations) =>
        [.. _connector.Accepted.Where(m => conversations.Contains(m.ConversationId))];

    /// <summary>What a person sees of a message, as one text.</summary>
    private static string Seen(AcceptedMessage message) => string.Join('\n', VisibleText.Of(JsonNode.Parse(message.Json!)));

    private static SendJobStore Store(BotApp app) => app.Services.GetRequiredService<SendJobStore>();

    private static Activity JsonSerializerFor(JsonObject activity) =>
        System.Text.Json.JsonSerializer.Deserialize(activity.ToJsonString(), ProtocolJson.Default.Activity)!;

    private BotApp StartApp(params (string Key, string? Value)[] extra) => StartApp(null, extra);

    private BotApp StartApp(TableReads? reads, params (string Key, string? Value)[] extra)
    {
        var app = new BotApp(BotApp.With(azurite.Server, [
            ("Bot:AppId", ""),
            ("Bot:ConnectorRetryDelay", "00:00:00.001"),
            // A configured admin: nobody becomes the first admin by installing, so every message is a welcome.
            ("Admin:UserIds:0", _admin),
            ("Sending:TenantRequestsPerSecond", "5"),
            ("Sending:PollInterval", "00:00:00.200"),
            ("Sending:LeaseDuration", "00:00:15"),
            ("Sending:AttemptTimeout", "00:00:10"),
            ("Sending:RetryDelay", "00:00:00.050"),
            .. extra]))
        {
            AnswerAfterQueuedSends = false,
            TestServices = reads is null ? null : s => s.AddHttpClient("CxBot.Tables").AddHttpMessageHandler(reads.CreateHandler),
        };
        _apps.Add(app);
        return app;
    }

    /// <summary>Counts the reads (GETs) of one table made through the bot's table client.</summary>
    private sealed class TableReads(string table)
    {
        private readonly string _table = table;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public DelegatingHandler CreateHandler() => new Handler(this);

        private sealed class Handler(TableReads reads) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                // The table's name ends the path's last segment before its keys: "/devstoreaccount1/{prefix}Setup()".
                var segment = request.RequestUri!.AbsolutePath.Split('/')[^1];
                var name = segment.Split('(')[0];
                if (request.Method == HttpMethod.Get && name.EndsWith(reads._table, StringComparison.Ordinal) && name.Length - reads._table.Length <= 16)
                {
                    Interlocked.Increment(ref reads._count);
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
