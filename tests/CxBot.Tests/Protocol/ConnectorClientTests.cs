using System.Text.Json.Nodes;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Testing;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CxBot.Tests.Protocol;

/// <summary>The connector client with its real handler chain (retry → token) against a local fake connector and a fake token endpoint.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string Conversation = "a:1mR4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3tY6uI9oP2aS5dF8gH1jK4l";
    private readonly RecordingDelayTimeProvider _time = new();
    private FakeConnector _connector = null!;
    private FakeTokenEndpoint _tokens = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _tokens = await FakeTokenEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task Send_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        _connector.Enqueue(429, retryAfter: "7");

        var result = await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.True(result.IsOk);
        Assert.StartsWith("act-", result.Value!.Id, StringComparison.Ordinal);
        Assert.Equal(2, _connector.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(7), _time.FiredDelays);
    }

    [Fact]
    public async Task Send_429WithoutRetryAfter_BacksOffThenSucceeds()
    {
        _connector.Enqueue(429);

        var result = await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.True(result.IsOk);
        Assert.Equal(2, _connector.Requests.Count);
        var delay = Assert.Single(_time.FiredDelays, d => d > TimeSpan.Zero);
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_503ThenSuccess_Succeeds()
    {
        _connector.Enqueue(503);

        var result = await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.True(result.IsOk);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Send_OtherTransientStatus_Retried(int status)
    {
        _connector.Enqueue(status);

        var result = await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.True(result.IsOk);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Fact]
    public async Task Send_AlwaysUnavailable_GivesUpAfterBound()
    {
        for (var i = 0; i < 10; i++)
        {
            _connector.Enqueue(503);
        }

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => Client(maxRetries: 3).SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default));

        Assert.Equal(503, ex.Status);
        Assert.Equal(4, _connector.Requests.Count);
    }

    [Fact]
    public async Task Send_RetryAfterBeyondMaximum_GivesUpAtOnce()
    {
        _connector.Enqueue(429, retryAfter: "3600");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default));

        Assert.Equal(429, ex.Status);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task Send_Blocked403_TypedResultWithoutRetry()
    {
        _connector.Enqueue(403, errorCode: "MessageWritesBlocked");

        var result = await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.Equal(ConnectorOutcome.Blocked, result.Outcome);
        Assert.Equal("MessageWritesBlocked", result.ErrorCode);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task Send_ServiceUrlOffAllowList_ThrowsAndSendsNothing()
    {
        var client = Client(localMode: false, allowLoopback: false);

        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() => client.SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default));

        Assert.Empty(_connector.Requests);
        Assert.Empty(_tokens.Requests);
    }

    [Fact]
    public async Task Send_Twice_TokenAcquiredOnceAndSentAsBearer()
    {
        var client = Client(localMode: false);

        await client.SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);
        await client.SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        var token = Assert.Single(_tokens.IssuedTokens);
        Assert.All(_connector.Requests, r => Assert.Equal("Bearer " + token, r.Authorization));
        var form = Uri.UnescapeDataString(Assert.Single(_tokens.Requests));
        Assert.Contains("/tenant-1/oauth2/v2.0/token", form, StringComparison.Ordinal);
        Assert.Contains("grant_type=client_credentials", form, StringComparison.Ordinal);
        Assert.Contains("scope=https://api.botframework.com/.default", form, StringComparison.Ordinal);
        Assert.Contains("client_id=app-1", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TokenNearExpiry_AcquiresANewOne()
    {
        var client = Client(localMode: false);
        await client.SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        _time.Advance(TimeSpan.FromMinutes(56));
        await client.SendToConversationAsync(_connector.ServiceUrl, Conversation, Message(), default);

        Assert.Equal(2, _tokens.IssuedTokens.Count);
        Assert.Equal("Bearer " + _tokens.IssuedTokens[1], _connector.Requests[1].Authorization);
    }

    [Fact]
    public async Task EveryEndpoint_UsesDocumentedMethodAndPath()
    {
        var client = Client();
        var url = _connector.ServiceUrl;

        await client.ReplyToActivityAsync(url, Conversation, "act-9", Message(), default);
        await client.UpdateActivityAsync(url, Conversation, "act-9", Message(), default);
        await client.DeleteActivityAsync(url, Conversation, "act-9", default);
        var created = await client.CreateConversationAsync(url, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:app-1" },
            Members = [new ChannelAccount { Id = "29:user" }],
            ChannelData = new ChannelData { Tenant = new IdRef { Id = "tenant-1" } },
        }, default);
        await client.GetPagedMembersAsync(url, Conversation, 500, "next page", default);
        await client.GetTeamDetailsAsync(url, "19:team@thread.tacv2", default);
        await client.GetChannelsAsync(url, "19:team@thread.tacv2", default);

        var seen = _connector.Requests.Select(r => r.Method + " " + Uri.UnescapeDataString(r.PathAndQuery)).ToList();
        Assert.Equal(
            [
                $"POST /connector/v3/conversations/{Conversation}/activities/act-9",
                $"PUT /connector/v3/conversations/{Conversation}/activities/act-9",
                $"DELETE /connector/v3/conversations/{Conversation}/activities/act-9",
                "POST /connector/v3/conversations",
                $"GET /connector/v3/conversations/{Conversation}/pagedmembers?pageSize=500&continuationToken=next page",
                "GET /connector/v3/teams/19:team@thread.tacv2",
                "GET /connector/v3/teams/19:team@thread.tacv2/conversations",
            ],
            seen);
        Assert.StartsWith("a:fake-", created.Value!.Id, StringComparison.Ordinal);
        var body = _connector.Requests[3].Json!;
        Assert.Equal("28:app-1", body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_ActivityWithUnknownFields_PostedUnchanged()
    {
        var json = JsonNode.Parse("""{"type":"message","text":"x","futureField":{"a":[1,2]},"from":{"id":"28:b","role":"bot"}}""")!;
        var activity = System.Text.Json.JsonSerializer.Deserialize(json.ToJsonString(), ProtocolJson.Default.Activity)!;

        await Client().SendToConversationAsync(_connector.ServiceUrl, Conversation, activity, default);

        Assert.True(JsonNode.DeepEquals(json, _connector.Requests.Single().Json));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public async Task Send_ConversationIdEmptyOrDots_RefusedAndNothingPosted(string conversationId)
    {
        // ".." would post to v3/activities (Uri resolves dot segments, escaped or not); "" to v3/conversations//activities.
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SendToConversationAsync(_connector.ServiceUrl, conversationId, Message(), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Client().UpdateActivityAsync(_connector.ServiceUrl, Conversation, conversationId, Message(), default));

        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task Send_IdsWithSlashesAndQueries_EachStaysOnePathSegment()
    {
        await Client().UpdateActivityAsync(_connector.ServiceUrl, "a:x/../y?z#w", "1/../..", Message(), default);

        var sent = Assert.Single(_connector.Requests);
        Assert.Equal("/connector/v3/conversations/a:x%2F..%2Fy%3Fz%23w/activities/1%2F..%2F..", sent.PathAndQuery);
    }

    private static Activity Message() => new() { Type = ActivityTypes.Message, Text = "hello" };

    private ConnectorClient Client(int maxRetries = 4, bool localMode = true, bool allowLoopback = true)
    {
        var options = Options.Create(new BotOptions
        {
            AppId = localMode ? "" : "app-1",
            TenantId = "tenant-1",
            AllowedServiceUrlHosts = allowLoopback ? ["127.0.0.1"] : null,
        });
        IConnectorTokenProvider tokens = new NoConnectorTokens();
        if (!localMode)
        {
            var msalHttp = new HttpClient(_tokens.CreateHandler());
            var app = ConfidentialClientApplicationBuilder.Create("app-1")
                .WithAuthority(new Uri(_tokens.Authority, "tenant-1").ToString(), validateAuthority: false)
                .WithInstanceDiscovery(false)
                .WithClientSecret("secret")
                .WithHttpClientFactory(new StaticMsalHttpClientFactory(msalHttp))
                .Build();
            tokens = new CachingConnectorTokenProvider(new MsalTokenSource(app, options.Value.OAuthScope), _time, TimeSpan.FromMinutes(5), NullLogger<CachingConnectorTokenProvider>.Instance);
        }

        var retry = new ResilienceHandler(new ConnectorRetryPolicy(Options.Create(new BotOptions { ConnectorMaxRetries = maxRetries, ConnectorRetryDelay = TimeSpan.FromMilliseconds(200), ConnectorMaxRetryAfter = TimeSpan.FromSeconds(60), ConnectorAttemptTimeout = TimeSpan.FromMinutes(5) }), _time, NullLogger<ConnectorRetryPolicy>.Instance).Build())
        {
            InnerHandler = new ConnectorAuthHandler(tokens) { InnerHandler = new SocketsHttpHandler() },
        };
        return new ConnectorClient(new HttpClient(retry), new ServiceUrlPolicy(options), NullLogger<ConnectorClient>.Instance);
    }

    private sealed class StaticMsalHttpClientFactory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
