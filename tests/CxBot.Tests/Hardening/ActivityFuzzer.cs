using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Tests.Protocol;

namespace CxBot.Tests.Hardening;

/// <summary>Who the fuzzer speaks as, and the records it aims at (another tenant's and team's ids and references).</summary>
internal sealed record FuzzTargets(string ServiceUrl, string Tenant, string[] Users, string TeamId, string[] VictimTenants, string[] VictimTeamIds, string[] VictimUsers, string[] VictimReferences, string[] Verbs, string[] Commands, (string Verb, JsonObject Data)[] ValidSubmissions);

/// <summary>
/// Seeded generator of malformed and hostile <c>/api/messages</c> bodies: the Teams fixtures and a card submission for every
/// routed verb, mutated (wrong types, huge strings, deep nesting, unknown verbs, forged from/conversation/tenant, values outside
/// every choice list, template syntax and mention markup, 100 KB+ bodies), and byte-level damage (truncation, garbage).
/// </summary>
internal sealed class ActivityFuzzer(int seed, FuzzTargets targets)
{
    private static readonly string[] Fixtures =
    [
        "bot-added-to-team", "install-personal", "install-team", "invoke-action-execute", "invoke-refresh-automatic", "member-added-to-team",
        "message-action-submit", "message-channel-mention", "message-personal", "reaction-like", "uninstall-personal",
    ];

    private static readonly string[] Fields =
    [
        "token", "teamId", "what", "date", "time", "severity", "rootCause", "recovered", "cost", "touchpointId", "standardId", "reference", "rev",
        "text", "note", "owner", "assignee", "id", "title", "description", "message", "recipients", "recipientId", "valueName", "emoji", "period",
        "month", "quarter", "journey", "timeZone", "shiftEnd", "managers", "adminId", "removeAdminId", "currency", "standardName", "standardTarget",
        "metric", "unit", "direction", "effectiveFrom", "touchpointName", "question", "behaviour", "kind", "decision", "tenantId", "aadObjectId",
        "editOwner", "editTouchpointId", "allTeams", "teams", "gesture", "handRecorded", "ideaId", "problem", "proposal", "benefit", "incidentRef", "comment",
    ];

    private readonly Random _random = new(seed);
    private readonly JsonObject[] _fixtures = [.. Fixtures.Select(n => TeamsFixtures.Load(n, targets.ServiceUrl))];

    /// <summary>The next body to post.</summary>
    public string Next()
    {
        var activity = Base();
        var mutations = _random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(activity);
        }

        var body = activity.ToJsonString();
        return _random.Next(10) switch
        {
            0 => Damage(body),
            _ => body,
        };
    }

    private JsonObject Base()
    {
        var a = _fixtures[_random.Next(_fixtures.Length)].DeepClone().AsObject();
        var user = Pick(targets.Users);
        a["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Fuzz", ["aadObjectId"] = user };
        a["conversation"] = _random.Next(3) == 0
            ? new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = targets.Tenant, ["id"] = targets.TeamId + ";messageid=1" }
            : new JsonObject { ["conversationType"] = "personal", ["tenantId"] = targets.Tenant, ["id"] = "a:fuzz-" + user };
        a["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = targets.Tenant }, ["team"] = new JsonObject { ["id"] = targets.TeamId } };
        switch (_random.Next(5))
        {
            case 0: // Action.Execute for a routed verb
                a["type"] = "invoke";
                a["name"] = "adaptiveCard/action";
                a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = Pick(targets.Verbs), ["data"] = Data() }, ["trigger"] = "manual" };
                break;
            case 1: // Action.Submit for a routed verb
                a["type"] = "message";
                a["text"] = null;
                var data = Data();
                data["verb"] = Pick(targets.Verbs);
                a["value"] = data;
                break;
            case 3: // a valid submission (an incident, an idea…) with one field replaced
                var (verb, valid) = Pick(targets.ValidSubmissions);
                var fields = valid.DeepClone().AsObject();
                fields[Pick([.. fields.Select(f => f.Key)])] = Value();
                fields["token"] = "fuzz-" + _random.Next();
                a["type"] = "invoke";
                a["name"] = "adaptiveCard/action";
                a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = fields }, ["trigger"] = "manual" };
                break;
            case 2: // a typed command with arguments
                a["type"] = "message";
                a["text"] = Pick(targets.Commands) + " " + HostileText();
                a.Remove("value");
                break;
        }

        return a;
    }

    private JsonObject Data()
    {
        var data = new JsonObject();
        var count = 1 + _random.Next(8);
        for (var i = 0; i < count; i++)
        {
            data[Pick(Fields)] = Value();
        }

        return data;
    }

    /// <summary>A plausible, foreign or hostile value.</summary>
    private JsonNode? Value() => _random.Next(14) switch
    {
        0 => null,
        1 => _random.Next(2) == 0,
        2 => _random.Next(3) switch { 0 => -1, 1 => 1e308, _ => _random.Next() },
        3 => new JsonArray(Value(), Value()),
        4 => new JsonObject { ["$type"] = "x", ["value"] = Value() },
        5 => Pick(targets.VictimReferences),
        6 => Pick(targets.VictimTeamIds),
        7 => Pick(targets.VictimUsers),
        8 => Pick(targets.VictimTenants),
        9 => Pick(["low", "high", "critical", "catastrophic", "tools", "gremlins", "true", "false", "month", "year", "2026-13-45", "25:99", "INC-2026-000001"]),
        10 => Huge(),
        11 => Deep(_random.Next(10, 80)),
        _ => HostileText(),
    };

    private string HostileText() => Pick(
    [
        "${evil}", "${$root.secret}", "{{template}}", "<at>CxBot</at>", "<at id=\"0\">Megan</at> help", "<script>alert(1)</script>",
        "' or PartitionKey ne '", "PartitionKey eq 'x'", "../../etc/passwd", "\u0000\u0001\u001f", "\ud83d\ude00 emoji", "\u202eRTL", "=cmd|' /C calc'!A0",
        "a\r\nb", "    ", "", new string('x', 501), "19:other@thread.tacv2", Guid.NewGuid().ToString().ToUpperInvariant(), "%00%2F", "\\u0000",
    ]);

    private string Huge() => new(Pick(['a', '€', '"', '\\', '<']), _random.Next(2) == 0 ? 20_000 : 110_000);

    private static JsonNode Deep(int depth)
    {
        JsonNode node = "bottom";
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        }

        return node;
    }

    private void Mutate(JsonObject a)
    {
        switch (_random.Next(12))
        {
            case 0: // a random node replaced with a random value (wrong type, huge, nested, foreign)
                SetRandom(a, Value());
                break;
            case 1: // a random property removed
                RemoveRandom(a);
                break;
            case 2: // forged sender
                a["from"] = _random.Next(3) switch
                {
                    0 => new JsonObject { ["id"] = "29:x", ["aadObjectId"] = Pick(targets.VictimUsers) },
                    1 => new JsonObject { ["id"] = Value(), ["aadObjectId"] = Value(), ["name"] = Value() },
                    _ => Value(),
                };
                break;
            case 3: // forged conversation
                a["conversation"] = _random.Next(2) == 0
                    ? new JsonObject { ["id"] = Value(), ["tenantId"] = Value(), ["conversationType"] = Pick(["personal", "channel", "groupChat", "bogus"]), ["isGroup"] = Value() }
                    : Value();
                break;
            case 4: // forged or conflicting tenant
                a["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Value() }, ["team"] = new JsonObject { ["id"] = _random.Next(2) == 0 ? Pick(targets.VictimTeamIds) : Value() } };
                break;
            case 5: // unknown verbs, invokes and types
                a["type"] = Pick(["invoke", "message", "event", "conversationUpdate", "installationUpdate", "messageReaction", "typing", "bogus", ""]);
                a["name"] = Pick(["adaptiveCard/action", "fileConsent/invoke", "composeExtension/query", "task/fetch", "signin/verifyState", "bogus"]);
                if (a["value"] is JsonObject { } v && v["action"] is JsonObject action)
                {
                    action["verb"] = Pick(["", "unknown.verb", "INCIDENTS.LOG.SUBMIT", "ideas.vote ", "setup.admin.add\u0000"]);
                }

                break;
            case 6: // text with template syntax and mention markup, and forged mention entities
                a["text"] = "<at>CxBot</at> " + Pick(targets.Commands) + " " + HostileText() + " ${turn.secret}";
                a["entities"] = new JsonArray(
                    new JsonObject { ["type"] = "mention", ["text"] = Value(), ["mentioned"] = new JsonObject { ["id"] = Value(), ["name"] = Value() } },
                    Value());
                break;
            case 7: // a 100 KB+ body
                a["text"] = Huge();
                break;
            case 8: // service URL forged
                a["serviceUrl"] = Pick(["https://evil.example/", "http://169.254.169.254/", "", "not a url", "https://smba.trafficmanager.net.evil.example/"]);
                break;
            case 9: // value replaced entirely
                a["value"] = Value();
                break;
            case 10: // card data gets values outside every choice list
                if (a["value"] is JsonObject { } v2 && v2["action"] is JsonObject { } act && act["data"] is JsonObject d1)
                {
                    d1[Pick(Fields)] = Value();
                }
                else if (a["value"] is JsonObject d2)
                {
                    d2[Pick(Fields)] = Value();
                }

                break;
            default: // members added / removed with odd shapes
                a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Value(), ["aadObjectId"] = Value() }, Value());
                a["membersRemoved"] = Value();
                break;
        }
    }

    private string Damage(string body) => _random.Next(5) switch
    {
        0 => body[.._random.Next(body.Length)], // truncated
        1 => body.Insert(_random.Next(body.Length), Pick(["\"", "{", "]", "\\", "\u0000", ",,", "NaN", "\ud800"])),
        2 => Pick(["", "null", "[]", "123", "\"text\"", "{}", "{\"type\":null}", "{\"type\":123}", "{\"type\":\"message\",\"text\":{\"$ref\":1}}"]),
        3 => new string('[', 5000) + new string(']', 5000),
        _ => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(body)), // mojibake
    };

    private void SetRandom(JsonObject root, JsonNode? value)
    {
        var (parent, key) = RandomSlot(root);
        if (parent is JsonObject o)
        {
            o[key!] = value;
        }
        else if (parent is JsonArray arr && arr.Count > 0)
        {
            arr[_random.Next(arr.Count)] = value;
        }
    }

    private void RemoveRandom(JsonObject root)
    {
        var (parent, key) = RandomSlot(root);
        if (parent is JsonObject o && key is not null)
        {
            o.Remove(key);
        }
    }

    /// <summary>A random container in the tree and one of its keys.</summary>
    private (JsonNode? Parent, string? Key) RandomSlot(JsonObject root)
    {
        JsonNode current = root;
        string? key = null;
        for (var depth = 0; depth < 4; depth++)
        {
            if (current is JsonObject o && o.Count > 0)
            {
                key = o.ElementAt(_random.Next(o.Count)).Key;
                if (o[key] is JsonObject or JsonArray && _random.Next(2) == 0)
                {
                    current = o[key]!;
                    continue;
                }

                return (o, key);
            }

            if (current is JsonArray arr && arr.Count > 0)
            {
                return (arr, null);
            }

            break;
        }

        return (current, key ?? "extra" + _random.Next(10).ToString(CultureInfo.InvariantCulture));
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
