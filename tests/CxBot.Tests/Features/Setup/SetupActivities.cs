using System.Text.Json.Nodes;
using CxBot.Tests.Protocol;

namespace CxBot.Tests.Features.Setup;

/// <summary>Teams-shaped activities for the setup flow, re-pointed at one tenant, user and (for channels) team.</summary>
internal sealed class SetupActivities(string serviceUrl, string tenant)
{
    public string Tenant => tenant;

    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

    public string TeamId { get; } = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";

    /// <summary>
    /// Gives a person a display name: their activities then carry it and a Teams user id of their own (<see cref="UserIdOf"/>),
    /// as Teams' do; without one they carry the fixture's.
    /// </summary>
    public SetupActivities Named(string aad, string name)
    {
        _names[aad] = name;
        return this;
    }

    /// <summary>A named person's Teams user id (<c>29:…</c>).</summary>
    public static string UserIdOf(string aad) => "29:" + aad.Replace("-", "", StringComparison.Ordinal);

    public JsonObject PersonalInstall(string aad) => For(TeamsFixtures.Personal("install-personal", serviceUrl, aad), aad);

    public JsonObject PersonalText(string aad, string text)
    {
        var a = For(TeamsFixtures.Personal("message-personal", serviceUrl, aad), aad);
        a["text"] = text;
        return a;
    }

    public JsonObject Execute(string aad, string verb, JsonObject data, bool inChannel = false)
    {
        var a = For(TeamsFixtures.Personal("invoke-action-execute", serviceUrl, aad), aad);
        a["value"]!["action"]!["verb"] = verb;
        a["value"]!["action"]!["data"] = data;
        return inChannel ? InChannel(a) : a;
    }

    public JsonObject TeamInstall(string aad)
    {
        var a = For(TeamsFixtures.Load("install-team", serviceUrl, TeamId), aad);
        a["channelData"]!["team"]!["id"] = TeamId;
        return a;
    }

    public JsonObject MemberAdded(string byAad, string memberAad)
    {
        var a = For(TeamsFixtures.Load("member-added-to-team", serviceUrl, TeamId), byAad);
        a["channelData"]!["team"]!["id"] = TeamId;
        a["membersAdded"]![0]!["aadObjectId"] = memberAad;
        if (_names.ContainsKey(memberAad))
        {
            a["membersAdded"]![0]!["id"] = UserIdOf(memberAad);
        }

        return a;
    }

    public JsonObject ChannelText(string aad, string text)
    {
        var a = For(TeamsFixtures.Load("message-channel-mention", serviceUrl), aad);
        a["text"] = "<at>CxBot</at> " + text;
        return InChannel(a);
    }

    private JsonObject InChannel(JsonObject a)
    {
        a["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant, ["id"] = TeamId + ";messageid=1732180000222" };
        a["channelData"]!["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Store 42 – Leeds" };
        a["channelData"]!["channel"] = new JsonObject { ["id"] = TeamId };
        return a;
    }

    private JsonObject For(JsonObject a, string aad)
    {
        a["id"] = "1:" + Guid.NewGuid().ToString("N"); // Teams gives every activity its own id; replies point back at it.
        a["from"]!["aadObjectId"] = aad;
        if (_names.TryGetValue(aad, out var name))
        {
            a["from"]!["name"] = name;
            a["from"]!["id"] = UserIdOf(aad);
        }

        a["conversation"]!["tenantId"] = tenant;
        a["channelData"]!["tenant"]!["id"] = tenant;
        return a;
    }
}
