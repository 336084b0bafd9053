using CxBot.Protocol;
using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Recognition;

/// <summary>A shout-out as the card asked for it, before any check.</summary>
internal sealed record GiveRequest(string? Token, IReadOnlyList<string> Recipients, string? Behaviour, string? Message);

/// <summary>
/// Checks a shout-out on the server: colleagues other than the giver (each then resolved to a person by
/// <see cref="RecognitionPeople"/>), a behaviour from the list, a message within the limit.
/// </summary>
internal static class GiveRules
{
    public const string SelfRefused = "You can't recognise yourself. Pick the colleagues whose work you want to call out.";
    public const string NoRecipients = "Pick at least one colleague to recognise.";
    public const string UnknownRecipient = "I can't find one of the people you picked in your organisation, so nothing was sent. Pick them again from the list.";
    public const string UnknownBehaviour = "Pick a standard or company value from the list.";
    public const string NoMessage = "Write a short message saying what they did.";
    public const string BadToken = "That card is out of date. Type \"recognise\" for a fresh one.";

    public static GiveRequest Read(JsonElement? data) => new(
        CardInput.Text(data, "token", 64),
        CardInput.List(data, "recipients"),
        CardInput.Text(data, "behaviour", 200),
        RawText(data, "message"));

    /// <summary>Standards in force today, then the company values, as the card's choices (value: <c>s:id</c> or <c>v:id</c>).</summary>
    public static IReadOnlyList<Behaviour> Behaviours(TenantSetup setup, IReadOnlyList<CompanyValue> values, DateOnly today) =>
    [
        .. setup.Standards.Where(s => s.IsActiveOn(today)).Select(s => new Behaviour(RecognitionNames.StandardPrefix + s.Id, s.Name, RecognitionNames.StandardBadge)),
        .. values.Select(v => new Behaviour(RecognitionNames.ValuePrefix + v.Id, v.Name, v.Emoji)),
    ];

    /// <summary>The refusal, or null with the picked ids (normalised, once each) and the behaviour.</summary>
    public static (string? Refusal, IReadOnlyList<string> Recipients, Behaviour? Behaviour, string Message) Check(
        GiveRequest request, string giverId, IReadOnlyList<Behaviour> behaviours, RecognitionOptions settings)
    {
        if (!Guid.TryParse(request.Token, out _))
        {
            return (BadToken, [], null, "");
        }

        List<string> recipients = [];
        foreach (var raw in request.Recipients)
        {
            var personId = PersonId(raw);
            if (string.Equals(personId, PersonId(giverId), StringComparison.OrdinalIgnoreCase))
            {
                return (SelfRefused, [], null, "");
            }

            if (!recipients.Contains(personId, StringComparer.OrdinalIgnoreCase))
            {
                recipients.Add(personId);
            }
        }

        if (recipients.Count == 0)
        {
            return (NoRecipients, [], null, "");
        }

        if (recipients.Count > settings.MaxRecipients)
        {
            return ($"A shout-out can recognise up to {settings.MaxRecipients} {(settings.MaxRecipients == 1 ? "colleague" : "colleagues")}.", [], null, "");
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
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? UserText.Clean(v.GetString(), multiLine: true) : null;
}
