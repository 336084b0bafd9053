using CxBot.Protocol;
using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Recognition;

/// <summary>A shout-out as the card asked for it, before any check.</summary>
internal sealed record GiveRequest(string? Token, IReadOnlyList<string> Recipients, string? Behaviour, string? Message);

/// <summary>Checks a shout-out on the server: real, known colleagues (never the giver), a behaviour from the list, a message within the limit.</summary>
internal static class GiveRules
{
    public const string SelfRefused = "You can't recognise yourself. Pick the colleagues whose work you want to call out.";
    public const string NoRecipients = "Pick at least one colleague to recognise.";
    public const string UnknownRecipient = "I only know the colleagues in CxBot's teams; one you picked isn't one of them.";
    public const string UnknownBehaviour = "Pick a standard or company value from the list.";
    public const string NoMessage = "Write a short message saying what they did.";
    public const string BadToken = "That card is out of date. Type \"recognise\" for a fresh one.";

    public static GiveRequest Read(JsonElement? data) => new(
        CardInput.Text(data, "token", 64),
        CardInput.List(data, "recipients"),
        CardInput.Text(data, "behaviour", 200),
        RawText(data, "message"));

    /// <summary>The people a shout-out may go to: every member of a set-up team, with the name setup knows.</summary>
    public static IReadOnlyDictionary<string, string> KnownPeople(TenantSetup setup)
    {
        var people = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in setup.Teams.SelectMany(t => t.Members))
        {
            if (Guid.TryParse(member.UserId, out var id))
            {
                people.TryAdd(id.ToString(), string.IsNullOrWhiteSpace(member.Name) ? "A colleague" : member.Name.Trim());
            }
        }

        return people;
    }

    /// <summary>Standards in force today, then the company values, as the card's choices (value: <c>s:id</c> or <c>v:id</c>).</summary>
    public static IReadOnlyList<Behaviour> Behaviours(TenantSetup setup, IReadOnlyList<CompanyValue> values, DateOnly today) =>
    [
        .. setup.Standards.Where(s => s.IsActiveOn(today)).Select(s => new Behaviour(RecognitionNames.StandardPrefix + s.Id, s.Name, RecognitionNames.StandardBadge)),
        .. values.Select(v => new Behaviour(RecognitionNames.ValuePrefix + v.Id, v.Name, v.Emoji)),
    ];

    /// <summary>The refusal, or null with the checked recipients and behaviour.</summary>
    public static (string? Refusal, IReadOnlyList<Recipient> Recipients, Behaviour? Behaviour, string Message) Check(
        GiveRequest request, string giverId, IReadOnlyDictionary<string, string> known, IReadOnlyList<Behaviour> behaviours, RecognitionSettings settings)
    {
        if (!Guid.TryParse(request.Token, out _))
        {
            return (BadToken, [], null, "");
        }

        List<Recipient> recipients = [];
        foreach (var raw in request.Recipients)
        {
            var personId = PersonId(raw);
            if (string.Equals(personId, giverId, StringComparison.OrdinalIgnoreCase))
            {
                return (SelfRefused, [], null, "");
            }

            if (!known.TryGetValue(personId, out var name))
            {
                return (UnknownRecipient, [], null, "");
            }

            if (recipients.TrueForAll(r => r.AadObjectId != personId))
            {
                recipients.Add(new Recipient(personId, name));
            }
        }

        if (recipients.Count == 0)
        {
            return (NoRecipients, [], null, "");
        }

        if (recipients.Count > settings.MaxRecipients)
        {
            return ($"A shout-out can recognise up to {settings.MaxRecipients} colleagues.", [], null, "");
        }

        if (behaviours.FirstOrDefault(b => b.Id == request.Behaviour) is not { } behaviour)
        {
            return (UnknownBehaviour, [], null, "");
        }

        var message = request.Message?.Trim() ?? "";
        if (message.Length == 0)
        {
            return (NoMessage, [], null, "");
        }

        if (message.Length > settings.MessageMaxLength)
        {
            return ($"Keep the message to {settings.MessageMaxLength} characters.", [], null, "");
        }

        return (null, recipients, behaviour, message);
    }

    /// <summary>An Entra object id in one spelling (lower-case GUID); anything else as given, trimmed.</summary>
    public static string PersonId(string id) => AadObjectIds.Normalise(id);

    private static string? RawText(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
