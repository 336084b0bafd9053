using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Tests.Protocol;

namespace CxBot.Tests.Hardening;

/// <summary>Who the fuzzer speaks as, and the records it aims at (another tenant's and team's ids and references).</summary>
internal sealed record FuzzTargets(string ServiceUrl, string Tenant, string[] Users, string TeamId, string[] VictimTenants, string[] VictimTeamIds, string[] VictimUsers, string[] VictimReferences, string[] Verbs, string[] Commands, (string Verb, JsonObject Data)[] ValidSubmissions, CardAction[] CardActions);

/// <summary>
/// Seeded generator of malformed and hostile <c>/api/messages</c> bodies, written as raw bytes: first every card action of every
/// template with each of its inputs given each value no card could produce (<see cref="CardInputs.OutOfRange"/>: calendar-edge
/// dates, impossible times, numbers past their limits…); then the Teams fixtures and a card submission for every routed verb,
/// mutated (wrong types, huge strings, deep nesting, unknown verbs, forged from/conversation/tenant, values outside every choice
/// list, template syntax and mention markup, 100 KB+ bodies). The bytes then carry what no .NET string serialises: lone
/// UTF-16 surrogate escapes and invalid UTF-8 in values and names, a property twice in different case, byte order marks,
/// and byte-level damage (truncation, garbage).
/// </summary>
internal sealed class ActivityFuzzer(int seed, FuzzTargets targets)
{
    /// <summary>Stands for a raw piece in a value or name until the body is bytes; the digit picks the piece.</summary>
    private const string RawMark = "~RAW";

    /// <summary>Raw JSON string content: escapes the serialiser would never write, and bytes that are not UTF-8.</summary>
    private static readonly byte[][] RawPieces =
    [
        "\\ud800"u8.ToArray(), "\\udc00"u8.ToArray(), "x\\ud83d"u8.ToArray(), "\\uD83D\\u0041"u8.ToArray(), "\\udfff\\ud800"u8.ToArray(),
        "\\ud83d\\ude00"u8.ToArray(), "\\u0000"u8.ToArray(), "\\u001f\\u0007"u8.ToArray(), "\\u2028\\ufeff\\ufffe"u8.ToArray(),
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82],
    ];

    /// <summary>Names sent twice in one object, in different case, and the values they carry.</summary>
    private static readonly string[] TwiceNames = ["type", "text", "locale", "verb", "id", "tenantId", "teamId", "date", "what", "action", "data", "value", "name", "conversation"];

    private int _swept;
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

    /// <summary>How many bodies the sweep of card inputs makes (the first <see cref="Next"/> calls); the rest are random.</summary>
    public int SweepSize { get; } = targets.CardActions.Sum(a => a.Inputs.Sum(i => CardInputs.OutOfRange(i).Count()));

    /// <summary>The next body to post, as bytes.</summary>
    public byte[] Next()
    {
        if (_swept < SweepSize)
        {
            return Encode(Sweep(_swept++), raw: _random.Next(8) == 0);
        }

        var activity = Base();
        var mutations = _random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(activity);
        }

        return _random.Next(10) switch
        {
            0 => Encoding.UTF8.GetBytes(Damage(activity.ToJsonString())),
            _ => Encode(activity, raw: _random.Next(3) == 0),
        };
    }

    /// <summary>Sweep body <paramref name="n"/>: one card action with one input out of range and every other input as the card shows it.</summary>
    private JsonObject Sweep(int n)
    {
        foreach (var action in targets.CardActions)
        {
            foreach (var input in action.Inputs)
            {
                foreach (var value in CardInputs.OutOfRange(input))
                {
                    if (n-- > 0)
                    {
                        continue;
                    }

                    var data = action.Data.DeepClone().AsObject();
                    foreach (var other in action.Inputs)
                    {
                        data[other.Id] = other.Value ?? other.Choices.FirstOrDefault() ?? Plausible(other.Type);
                    }

                    if (data.ContainsKey("teamId"))
                    {
                        data["teamId"] = targets.TeamId;
                    }

                    data[input.Id] = value;
                    if (input.Type == "Input.Date")
                    {
                        // Every date of the card at the same edge, so a range check (from ≤ to, at most a year) lets it through.
                        foreach (var date in action.Inputs.Where(i => i.Type == "Input.Date"))
                        {
                            data[date.Id] = value?.DeepClone();
                        }
                    }

                    var a = Base();
                    var user = targets.Users[_random.Next(2)]; // the admin or the manager: they reach furthest
                    a["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Fuzz", ["aadObjectId"] = user };
                    if (_random.Next(2) == 0)
                    {
                        a["type"] = "invoke";
                        a["name"] = "adaptiveCard/action";
                        a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action.Verb, ["data"] = data }, ["trigger"] = "manual" };
                    }
                    else
                    {
                        a["type"] = "message";
                        a.Remove("text");
                        data["verb"] = action.Verb;
                        a["value"] = data;
                    }

                    return a;
                }
            }
        }

        throw new InvalidOperationException("past the sweep");
    }

    private static JsonNode Plausible(string type) => type switch
    {
        "Input.Date" => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "Input.Time" => "12:00",
        "Input.Number" => "1",
        "Input.Toggle" => "true",
        _ => "Fuzzed text",
    };

    /// <summary>
    /// The body as bytes. With <paramref name="raw"/>: the raw marks become raw pieces (one string value or name also gets
    /// one), an object gets a name twice in different case, and a byte order mark may lead.
    /// </summary>
    private byte[] Encode(JsonObject activity, bool raw)
    {
        if (raw && _random.Next(3) == 0)
        {
            // A piece inside a random string value, or in a new property's name, anywhere in the activity.
            var slots = new List<(JsonObject Parent, string Key)>();
            Strings(activity, slots);
            var piece = RawMark + _random.Next(RawPieces.Length).ToString(CultureInfo.InvariantCulture) + "~";
            if (slots.Count > 0 && _random.Next(4) != 0)
            {
                var (parent, key) = slots[_random.Next(slots.Count)];
                parent[key] = parent[key]!.GetValue<string>() + piece;
            }
            else
            {
                var parent = slots.Count > 0 ? slots[_random.Next(slots.Count)].Parent : activity;
                parent["name" + piece] = "x";
            }
        }

        var json = activity.ToJsonString();
        if (!raw)
        {
            return Encoding.UTF8.GetBytes(json.Replace(RawMark, "~", StringComparison.Ordinal));
        }

        var opens = AllIndexes(json, "{\"").ToList();
        if (_random.Next(2) == 0 && opens.Count > 0)
        {
            // A name twice in one object, in different case (or the same).
            var name = Pick(TwiceNames);
            var twice = $"\"{name}\":\"a\",\"{(_random.Next(3) == 0 ? name : name.ToUpperInvariant())}\":\"b\",";
            json = json.Insert(opens[_random.Next(opens.Count)] + 1, twice);
        }

        var bytes = new List<byte>(json.Length + 16);
        switch (_random.Next(6))
        {
            case 0:
                bytes.AddRange([0xEF, 0xBB, 0xBF]);
                break;
            case 1:
                bytes.AddRange([0xFF, 0xFE]);
                break;
        }

        var at = 0;
        while (true)
        {
            var mark = json.IndexOf(RawMark, at, StringComparison.Ordinal);
            if (mark < 0)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(json[at..]));
                return [.. bytes];
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(json[at..mark]));
            var end = json.IndexOf('~', mark + RawMark.Length);
            bytes.AddRange(int.TryParse(json.AsSpan(mark + RawMark.Length, end - mark - RawMark.Length), CultureInfo.InvariantCulture, out var piece) && piece < RawPieces.Length ? RawPieces[piece] : RawPieces[0]);
            at = end + 1;
        }
    }

    private static void Strings(JsonNode? node, List<(JsonObject, string)> slots)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o.ToList())
            {
                if (value is JsonValue v && v.TryGetValue<string>(out _))
                {
                    slots.Add((o, key));
                }
                else
                {
                    Strings(value, slots);
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Strings(item, slots);
            }
        }
    }

    private static IEnumerable<int> AllIndexes(string text, string what)
    {
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
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
            data[_random.Next(20) == 0 ? Pick(Fields) + RawMark + _random.Next(RawPieces.Length).ToString(CultureInfo.InvariantCulture) + "~" : Pick(Fields)] = Value();
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
        RawMark + "0~", "a" + RawMark + "2~", RawMark + "9~b", RawMark + "11~", "..", ".", "0001-01-01", "9999-12-31", "2126-01-01",
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
