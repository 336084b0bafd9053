using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Features.Setup;
using CxBot.Protocol;

namespace CxBot.Features.Ideas;

/// <summary>Reads the idea form's inputs defensively: every value may be missing, too long, of the wrong type or crafted.</summary>
internal static partial class IdeaInput
{
    public const string Problem = "problem";
    public const string Proposal = "proposal";
    public const string Benefit = "benefit";
    public const string TeamId = "teamId";
    public const string TouchpointId = "touchpointId";
    public const string StandardId = "standardId";
    public const string IncidentRef = "incidentRef";
    public const string Token = "token";
    public const string IdeaId = "ideaId";
    public const string Comment = "comment";

    /// <summary>The form's text, or the problems found (as sentences the user sees).</summary>
    public static (IdeaText? Text, IReadOnlyList<string> Errors) ReadText(JsonElement? data, TenantSetup setup)
    {
        var errors = new List<string>();
        var problem = Required(data, Problem, IdeaNames.MaxProblem, "Describe the problem", errors);
        var proposal = Required(data, Proposal, IdeaNames.MaxProposal, "Describe your proposal", errors);
        var benefit = Optional(data, Benefit, IdeaNames.MaxBenefit, "The expected benefit", errors);
        var touchpoint = Optional(data, TouchpointId, 100, "The touchpoint", errors);
        if (touchpoint is not null && setup.Journey.All(t => t.Id != touchpoint))
        {
            errors.Add("Pick a touchpoint from the list.");
        }

        var standard = Optional(data, StandardId, 100, "The standard", errors);
        if (standard is not null && setup.FindStandard(standard) is null)
        {
            errors.Add("Pick a standard from the list.");
        }

        var incident = Optional(data, IncidentRef, IdeaNames.MaxIncidentRef, "The incident reference", errors);
        if (incident is not null && !Reference().IsMatch(incident))
        {
            errors.Add("An incident reference has letters, digits and dashes only, like INC-2026-000123.");
        }

        return errors.Count == 0 ? (new IdeaText(problem!, proposal!, benefit, touchpoint, standard, incident), errors) : (null, errors);
    }

    /// <summary>The incident reference typed, when it has a reference's characters and length (else <see cref="ReadText"/> says why not).</summary>
    public static string? IncidentRefOf(JsonElement? data) =>
        String(data, IncidentRef) is { Length: <= IdeaNames.MaxIncidentRef } s && Reference().IsMatch(s) ? s : null;

    /// <summary>A client token or idea id: letters, digits and dashes, at most 64.</summary>
    public static string? Id(JsonElement? data, string name) => String(data, name) is { } s && s.Length <= IdeaNames.MaxToken && Reference().IsMatch(s) ? s : null;

    /// <summary>
    /// The input's text without control characters (<see cref="UserText.Clean"/>), trimmed, or null when missing or blank.
    /// The form's long fields (problem, proposal, benefit) and <paramref name="multiLine"/> ones keep their line breaks.
    /// </summary>
    public static string? String(JsonElement? data, string name, bool multiLine = false) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? UserText.Clean(v.GetString(), multiLine || name is Problem or Proposal or Benefit)
            : null;

    private static string? Required(JsonElement? data, string name, int max, string what, List<string> errors)
    {
        var text = Optional(data, name, max, what, errors);
        if (text is null && !errors.Any(e => e.StartsWith(what, StringComparison.Ordinal)))
        {
            errors.Add(what + ": it is required.");
        }

        return text;
    }

    private static string? Optional(JsonElement? data, string name, int max, string what, List<string> errors)
    {
        var text = String(data, name);
        if (text is not null && text.Length > max)
        {
            errors.Add($"{what} is too long: at most {max} characters.");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
