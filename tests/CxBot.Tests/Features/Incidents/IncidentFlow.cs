using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Incidents;

/// <summary>A tenant with an admin, a team with one manager and two front-line members, each with a personal chat; and the calls the tests make.</summary>
internal sealed class IncidentFlow(BotApp app, FakeConnector connector, string? authorization = null)
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public SetupActivities T { get; } = new(connector.ServiceUrl, Guid.NewGuid().ToString());

    public string Admin { get; init; } = Guid.NewGuid().ToString();

    public string Manager { get; } = Guid.NewGuid().ToString();

    public string Reporter { get; } = Guid.NewGuid().ToString();

    public string Colleague { get; } = Guid.NewGuid().ToString();

    private readonly HashSet<string> _noPersonalChat = [];

    /// <summary>Everyone's display name, once <see cref="Named"/>.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>Gives the four people names (Ada Admin, Mona Manager, Rita Reporter, Cole Colleague) and their own Teams user ids.</summary>
    public IncidentFlow Named()
    {
        Names = new Dictionary<string, string> { [Admin] = "Ada Admin", [Manager] = "Mona Manager", [Reporter] = "Rita Reporter", [Colleague] = "Cole Colleague" };
        foreach (var (aad, name) in Names)
        {
            T.Named(aad, name);
        }

        return this;
    }

    /// <summary>The team's roster as Teams serves it (everyone named, the manager its owner), read when the bot joins the team.</summary>
    public IncidentFlow WithRoster()
    {
        connector.SetRoster(T.TeamId, [.. Names.Select(p => FakeConnector.Member(SetupActivities.UserIdOf(p.Key), p.Key, p.Value, p.Key == Manager ? "owner" : "user"))], pageSize: 500);
        return this;
    }

    /// <summary><paramref name="person"/> never opens a personal chat with the bot.</summary>
    public IncidentFlow NeverOpensTheBot(string person)
    {
        _noPersonalChat.Add(person);
        return this;
    }

    public async Task<IncidentFlow> SetUpAsync()
    {
        await Tenant.InstallAsync(new[] { Admin, Manager, Reporter, Colleague }.Where(p => !_noPersonalChat.Contains(p)));
        await ClaimAdminAsync();
        await Tenant.TeamAsync(Manager, [Reporter, Colleague], saveSettings: true);
        return this;
    }

    /// <summary>With authentication on, installing first makes nobody an admin: the admin claims it with the deployment's code.</summary>
    public Task ClaimAdminAsync() => Tenant.ClaimAdminAsync(Admin, authorization);

    private TestTenant Tenant => new(T, PostAsync, InvokeAsync);

    /// <summary>A valid submission; change fields with <paramref name="edit"/>.</summary>
    public JsonObject Submission(string token, Action<JsonObject>? edit = null)
    {
        var now = DateTime.UtcNow.AddMinutes(-30);
        var data = new JsonObject
        {
            ["token"] = token,
            ["teamId"] = T.TeamId,
            ["what"] = "Delivery came 3 hours late; customer had taken the morning off. ${evil} \"quoted\"",
            ["date"] = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["time"] = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["severity"] = "high",
            ["rootCause"] = "tools",
            ["recovered"] = "false",
            ["cost"] = "45.50",
        };
        edit?.Invoke(data);
        return data;
    }

    public async Task PostAsync(JsonObject activity)
    {
        using var response = await app.PostAsync(activity, authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Posts a message and returns the bot's one reply to it (not whatever an earlier turn's background work sent last).</summary>
    public async Task<RecordedRequest> ReplyAsync(JsonObject activity)
    {
        await PostAsync(activity);
        return connector.ReplyTo(activity);
    }

    public async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await app.PostAsync(activity, authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    /// <summary>The card an invoke answered with, as text.</summary>
    public async Task<string> InvokeCardAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive", body.ToJsonString());
        return body["value"]!.ToJsonString(Relaxed);
    }

    public async Task<string> InvokeMessageAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        return body["value"]!.GetValue<string>();
    }

    /// <summary>
    /// Waits until the incident's delivery, which runs after the submit's answer, is done: the manager's copy of the card is
    /// stored with the incident and the delivery is no longer owed. Tests that compare rows or requests before and after something else wait for this first.
    /// </summary>
    public async Task DeliveredAsync(string reference)
    {
        var store = app.Services.GetRequiredService<CxBot.Features.Incidents.IncidentStore>();
        var deliveries = app.Services.GetRequiredService<CxBot.Features.Incidents.IncidentDeliveries>();
        var delivered = await Poll.UntilAsync(
            async () => (await store.FindAsync(T.Tenant, reference, default))?.Incident.Cards.Any(c => c.UserId == Manager) == true
                && !(await deliveries.OwedAsync(default)).Any(d => d.Reference == reference && d.TenantId == T.Tenant),
            TimeSpan.FromSeconds(10));
        Assert.True(delivered, $"incident {reference} was not delivered to the manager within 10 s");
    }

    /// <summary>Waits until the team's roster, read in the background when the bot joined the team, is stored.</summary>
    public async Task RosterReadAsync()
    {
        var rosters = app.Services.GetRequiredService<CxBot.Features.People.RosterStore>();
        var read = await Poll.UntilAsync(async () => (await rosters.GetMembersAsync(T.Tenant, T.TeamId, default)).Count == Names.Count, TimeSpan.FromSeconds(10));
        Assert.True(read, "the team's roster was not stored within 10 s");
    }

    /// <summary>Waits for a connector request whose body contains <paramref name="text"/>.</summary>
    public async Task<RecordedRequest> WaitForAsync(string method, string text)
    {
        for (var count = 1; count < 500; count++)
        {
            if (connector.Requests.FirstOrDefault(r => r.Method == method && Decoded(r).Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            Assert.True(await connector.WaitForRequestsAsync(connector.Requests.Count + 1, TimeSpan.FromSeconds(10)), $"no {method} containing '{text}' arrived");
        }

        throw new InvalidOperationException("unreachable");
    }

    public static string Decoded(RecordedRequest r) => r.Json?.ToJsonString(Relaxed) ?? "";
}
