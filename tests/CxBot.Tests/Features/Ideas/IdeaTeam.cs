using System.Net;
using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;

namespace CxBot.Tests.Features.Ideas;

/// <summary>A tenant with an admin (delivery journey), a set-up team (one manager, two front-line members) and helpers for idea actions.</summary>
internal sealed class IdeaTeam(BotApp app, FakeConnector connector, string? authorization = null)
{
    public SetupActivities T { get; } = new(connector.ServiceUrl, Guid.NewGuid().ToString());

    public string Admin { get; } = Guid.NewGuid().ToString();

    public string Manager { get; } = Guid.NewGuid().ToString();

    public string Member { get; } = Guid.NewGuid().ToString();

    public string Colleague { get; } = Guid.NewGuid().ToString();

    /// <summary>The name each person's activities carry, when a test gives them one (the fixtures all say one name).</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IdeaTeam> SetUpAsync()
    {
        var tenant = new TestTenant(T, PostAsync, a => InvokeAsync(a));
        await tenant.InstallAsync(Admin);
        await tenant.ClaimAdminAsync(Admin, authorization);
        await tenant.PickJourneyAsync(Admin);
        await tenant.TeamAsync(Manager, [Member, Colleague]);
        return this;
    }

    public static JsonObject Form(string token, string teamId, string problem = "Late slots cause calls.", string? proposal = "Text customers when late.", string? incidentRef = null) => new()
    {
        ["token"] = token, ["teamId"] = teamId, ["problem"] = problem, ["proposal"] = proposal, ["benefit"] = "Fewer calls.", ["touchpointId"] = "delivery", ["standardId"] = "slot-kept", ["incidentRef"] = incidentRef,
    };

    /// <summary>Logs an incident for this team as <paramref name="user"/> and returns its reference (<c>INC-2026-000123</c>).</summary>
    public async Task<string> LogIncidentAsync(string user)
    {
        var now = DateTime.UtcNow.AddMinutes(-30);
        var data = new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString("N"), ["teamId"] = T.TeamId, ["what"] = "Delivery came 3 hours late.", ["severity"] = "low", ["rootCause"] = "tools", ["recovered"] = "false",
            ["date"] = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["time"] = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        };
        var answer = Text(await InvokeAsync(T.Execute(user, "incidents.log.submit", data)));
        var reference = System.Text.RegularExpressions.Regex.Match(answer, @"INC-\d{4}-\d{6,}").Value;
        Assert.True(reference.Length > 0, answer);
        return reference;
    }

    public Task<JsonNode> SubmitAsync(string user, JsonObject form) => InvokeAsync(T.Execute(user, "ideas.submit", form));

    public Task<JsonNode> ActAsync(string user, string verb, string ideaId, JsonObject? extra = null, bool inChannel = false)
    {
        var data = extra ?? [];
        data["ideaId"] = ideaId;
        return InvokeAsync(T.Execute(user, verb, data, inChannel));
    }

    public async Task PostAsync(JsonObject activity)
    {
        using var response = await app.PostAsync(Sender(activity), authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Posts a message and returns the bot's one reply to it (not whatever an earlier turn's background work sent last).</summary>
    public async Task<RecordedRequest> ReplyAsync(JsonObject activity)
    {
        await PostAsync(activity);
        return connector.ReplyTo(activity);
    }

    /// <summary>Posts an invoke to this team's app, or to <paramref name="via"/> (another instance on the same tables).</summary>
    public async Task<JsonNode> InvokeAsync(JsonObject activity, BotApp? via = null)
    {
        using var response = await (via ?? app).PostAsync(Sender(activity), authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    /// <summary>The card of an invoke answer as text (user text unescaped), or the message of a toast.</summary>
    public static string Text(JsonNode body) => body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
        ? body["value"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        : "message: " + body["value"]!.GetValue<string>();

    /// <summary>The activity from its sender under their name (as Teams sends it), when <see cref="Names"/> has one.</summary>
    private JsonObject Sender(JsonObject activity)
    {
        if (activity["from"]?["aadObjectId"]?.GetValue<string>() is { } aad && Names.TryGetValue(aad, out var name))
        {
            activity["from"]!["name"] = name;
        }

        return activity;
    }

    /// <summary>The idea id carried by the card's first action.</summary>
    public static string IdeaIdOf(JsonNode body) => body["value"]!["refresh"]!["action"]!["data"]!["ideaId"]!.GetValue<string>();
}
