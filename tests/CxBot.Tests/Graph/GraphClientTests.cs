using CxBot.Graph;
using CxBot.Testing;
using CxBot.Tests.Hardening;
using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CxBot.Tests.Graph;

/// <summary>The Graph client (on the Graph SDK) against the local fake Graph: Graph's JSON shapes, paging, errors, throttling, and where tokens go.</summary>
public sealed class GraphClientTests : IAsyncLifetime
{
    private const string Alice = "5b1d3f5a-7c9e-4b2d-8f1a-3c5e7a9b1d30";
    private const string Bob = "6c2e4a6b-8d0f-4c3e-9a2b-4d6f8b0c2e41";
    private readonly RecordingDelayTimeProvider _time = new();
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _graph.AddUser(Bob, "Bob Manager", "Store manager", "Retail", "Leeds");
        _graph.AddUser(Alice, "Alice Driver", "Driver", "Logistics", "Leeds depot", managerId: Bob);
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    [Fact]
    public async Task GetManager_UserHasOne_ReturnsItWithTheAppToken()
    {
        var credential = new StaticTokenCredential();

        var result = await GraphClients.Create(_graph.BaseUrl, _time, credential: credential).GetManagerAsync(Alice, default);

        Assert.True(result.IsOk);
        Assert.Equal(Bob, result.Value!.Id);
        Assert.Equal("Bob Manager", result.Value.DisplayName);
        Assert.Equal("Bearer " + StaticTokenCredential.Token, Assert.Single(_graph.Requests).Authorization);
        Assert.Equal(["https://graph.microsoft.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task GetManager_UserHasNone_NotFoundWithGraphCode()
    {
        var result = await GraphClients.Create(_graph.BaseUrl, _time).GetManagerAsync(Bob, default);

        Assert.Equal(GraphOutcome.NotFound, result.Outcome);
        Assert.Equal("Request_ResourceNotFound", result.ErrorCode);
    }

    [Fact]
    public async Task GetUser_SelectsTheProfileFields()
    {
        var result = await GraphClients.Create(_graph.BaseUrl, _time).GetUserAsync(Alice, default);

        Assert.Equal(("Driver", "Logistics", "Leeds depot"), (result.Value!.JobTitle, result.Value.Department, result.Value.OfficeLocation));
        Assert.Contains("$select=id,displayName,jobTitle,department,officeLocation,mail", _graph.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindCatalogApps_SeveralPages_FollowsNextLink()
    {
        _graph.AddCatalogApp("cat-1", "O'Hare-manifest");
        _graph.AddCatalogApp("cat-2", "O'Hare-manifest");
        _graph.AddCatalogApp("cat-3", "O'Hare-manifest");
        _graph.AddCatalogApp("other", "another-manifest");

        var result = await GraphClients.Create(_graph.BaseUrl, _time).FindCatalogAppsAsync("O'Hare-manifest", default);

        Assert.Equal(["cat-1", "cat-2", "cat-3"], result.Value!.Select(a => a.Id));
        Assert.Equal(3, _graph.Count("GET", "/appCatalogs/teamsApps"));
    }

    [Fact]
    public async Task FindCatalogApps_NextLinkToAnotherHost_StopsAndSaysSoWithoutCallingThere()
    {
        await using var elsewhere = await FakeGraph.StartAsync();
        var elsewhereRoot = new Uri(elsewhere.BaseUrl).GetLeftPart(UriPartial.Authority).Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/v1.0";
        using (var probe = new HttpClient())
        {
            // The other host is live: a request the client sent there would be recorded.
            using var reached = await probe.GetAsync(new Uri(elsewhereRoot + "/users/nobody"));
        }

        _graph.AddCatalogApp("cat-1", "manifest");
        _graph.AddCatalogApp("cat-2", "manifest");
        _graph.NextLinkRoot = elsewhereRoot;
        var logs = new LogCapture();

        var result = await GraphClients.Create(_graph.BaseUrl, _time, logs: logs).FindCatalogAppsAsync("manifest", default);

        Assert.Equal(["cat-1"], result.Value!.Select(a => a.Id));
        Assert.Single(_graph.Requests);
        Assert.Equal(["/v1.0/users/nobody"], elsewhere.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(7003, Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning).EventId);
    }

    [Fact]
    public async Task Token_GoesToTheConfiguredGraphRootOnly()
    {
        var credential = new StaticTokenCredential();
        var auth = new BaseBearerTokenAuthenticationProvider(new GraphTokenProvider(new GraphCredential(credential, "https://graph.microsoft.com/.default"), new Uri("http://127.0.0.1:5000/v1.0/")));
        string[] elsewhere = ["http://localhost:5000/v1.0/users", "https://127.0.0.1:5000/v1.0/users", "http://127.0.0.1:5001/v1.0/users", "https://graph.attacker.example/v1.0/users"];

        foreach (var url in elsewhere)
        {
            var request = new RequestInformation { URI = new Uri(url) };
            await auth.AuthenticateRequestAsync(request);
            Assert.False(request.Headers.ContainsKey("Authorization"), url);
        }

        Assert.Empty(credential.Scopes);
        var graph = new RequestInformation { URI = new Uri("http://127.0.0.1:5000/v1.0/users/x") };
        await auth.AuthenticateRequestAsync(graph);
        Assert.Equal(["Bearer " + StaticTokenCredential.Token], graph.Headers["Authorization"]);
    }

    [Fact]
    public async Task Get_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        _graph.Enqueue(429, retryAfter: "3");

        var result = await GraphClients.Create(_graph.BaseUrl, _time).GetManagerAsync(Alice, default);

        Assert.True(result.IsOk);
        Assert.Equal(2, _graph.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(3), _time.FiredDelays);
    }

    [Fact]
    public async Task Get_429RetryAfterBeyondTheLimit_GivesUpAtOnce()
    {
        _graph.Enqueue(429, retryAfter: "3600");

        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create(_graph.BaseUrl, _time).GetManagerAsync(Alice, default));

        Assert.Equal((429, "TooManyRequests"), (ex.Status, ex.ErrorCode));
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task Get_503Persists_ThrowsAfterRetries()
    {
        for (var i = 0; i < 3; i++)
        {
            _graph.Enqueue(503, code: "serviceNotAvailable");
        }

        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create(_graph.BaseUrl, _time, maxRetries: 2).GetUserAsync(Alice, default));

        Assert.Equal(503, ex.Status);
        Assert.Equal(3, _graph.Requests.Count);
    }

    [Fact]
    public async Task Get_NobodyListening_ThrowsWithStatusZero()
    {
        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create($"http://127.0.0.1:{FreePort.Next()}/v1.0", _time, maxRetries: 0).GetUserAsync(Alice, default));

        Assert.Equal(0, ex.Status);
    }

    [Fact]
    public async Task Get_RefusedEveryTime_OneRetryPolicyThenStatusZero()
    {
        var network = new ScriptedNetwork((_, _) => throw new HttpRequestException("Connection refused."));

        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create(_graph.BaseUrl, _time, maxRetries: 2, network: network).GetUserAsync(Alice, default));

        Assert.Equal(0, ex.Status);
        Assert.Equal(3, network.Attempts);
    }

    [Fact]
    public async Task Get_NoAnswerWithinTheAttemptTimeout_StatusZero()
    {
        var network = new ScriptedNetwork(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("Not reached.");
        });

        // The retry test clock never fires timeouts, so this one attempt times out on the real clock (after 50 ms).
        var client = GraphClients.Create(_graph.BaseUrl, TimeProvider.System, maxRetries: 0, network: network, attemptTimeout: TimeSpan.FromMilliseconds(50));
        var ex = await Assert.ThrowsAsync<GraphException>(() => client.GetManagerAsync(Alice, default));

        Assert.Equal(0, ex.Status);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(ex.InnerException);
        Assert.Equal(1, network.Attempts);
    }

    [Fact]
    public async Task Get_RetriesSpentAsAggregate_StatusZero()
    {
        // What a retry loop such as Azure.Core's throws once every attempt failed without an answer.
        var network = new ScriptedNetwork((_, _) => throw new AggregateException(new HttpRequestException("Connection refused."), new HttpRequestException("Connection reset.")));

        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create(_graph.BaseUrl, _time, network: network).GetUserAsync(Alice, default));

        Assert.Equal(0, ex.Status);
    }

    [Fact]
    public async Task Get_UnreadableAnswer_Throws()
    {
        var network = new ScriptedNetwork((_, _) => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json") }));

        var ex = await Assert.ThrowsAsync<GraphException>(() => GraphClients.Create(_graph.BaseUrl, _time, network: network).GetUserAsync(Alice, default));

        Assert.Equal((200, "unreadableAnswer"), (ex.Status, ex.ErrorCode));
    }

    [Fact]
    public async Task Get_CallerCancels_Cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var network = new ScriptedNetwork(async (_, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("Not reached.");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GraphClients.Create(_graph.BaseUrl, _time, network: network).GetUserAsync(Alice, cancel.Token));
    }

    [Fact]
    public async Task Install_BlockedByPolicy_Forbidden()
    {
        _graph.AddCatalogApp("cat-1", "manifest");
        _graph.InstallsBlockedByPolicy = true;

        var result = await GraphClients.Create(_graph.BaseUrl, _time).InstallForUserAsync(Alice, "cat-1", default);

        Assert.Equal(GraphOutcome.Forbidden, result.Outcome);
        Assert.Empty(_graph.InstallationsOf(Alice));
    }

    [Fact]
    public async Task Install_ThenFindAndChat_BindsTheCatalogAppAndFindsTheChat()
    {
        _graph.AddCatalogApp("cat-1", "manifest");
        var client = GraphClients.Create(_graph.BaseUrl, _time);

        var installed = await client.InstallForUserAsync(Alice, "cat-1", default);
        var again = await client.InstallForUserAsync(Alice, "cat-1", default);
        var found = await client.GetUserInstallationsAsync(Alice, "cat-1", default);
        var chat = await client.GetInstallationChatAsync(Alice, Assert.Single(found.Value!).Id!, default);

        Assert.True(installed.IsOk);
        Assert.Equal(GraphOutcome.Conflict, again.Outcome);
        Assert.Equal("cat-1", found.Value![0].TeamsApp!.Id);
        Assert.StartsWith("19:", chat.Value!.Id, StringComparison.Ordinal);
        Assert.Equal("oneOnOne", chat.Value.ChatType);
    }

    /// <summary>The network under the retry handler: each attempt runs <paramref name="answer"/>.</summary>
    private sealed class ScriptedNetwork(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => _attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return answer(request, cancellationToken);
        }
    }
}
