using System.Globalization;
using System.Text.Json;

namespace CxBot.Features.Setup;

/// <summary>
/// Everything the standard form sent (Teams sends every input of the card with any of its buttons), as sent: shown again, with
/// every problem, when a save is refused. Text is clipped to what the form allows, never evaluated.
/// </summary>
internal sealed record StandardFormInput(
    string? TouchpointId,
    string? Kind,
    string? StandardName,
    string? Metric,
    string? Unit,
    string? Direction,
    string? HandRecorded,
    string? Question,
    string? StandardTarget,
    string? TouchpointName,
    string? Description,
    string? Owner,
    string? EditTouchpointId,
    string? EditName,
    string? EditDescription,
    string? EditOwner)
{
    /// <summary>A soft standard's question for staff (what check-ins ask), apart from the customer's <see cref="Question"/>.</summary>
    public string? StaffQuestion { get; init; }

    public static StandardFormInput Read(JsonElement? d) => new(
        CardInput.Text(d, "touchpointId", 60),
        CardInput.Text(d, "kind", 10),
        CardInput.Text(d, "standardName", SetupRules.MaxName * 2),
        CardInput.Text(d, "metric", SetupRules.MaxText * 2),
        CardInput.Text(d, "unit", 40),
        CardInput.Text(d, "direction", 20),
        CardInput.Text(d, "handRecorded", 10),
        CardInput.Text(d, "question", SetupRules.MaxText * 2),
        CardInput.Text(d, "standardTarget", 40),
        CardInput.Text(d, "touchpointName", SetupRules.MaxName * 2),
        CardInput.Text(d, "description", SetupRules.MaxText * 2, multiLine: true),
        CardInput.Text(d, "owner", 40),
        CardInput.Text(d, "editTouchpointId", 60),
        CardInput.Text(d, "editName", SetupRules.MaxName * 2),
        CardInput.Text(d, "editDescription", SetupRules.MaxText * 2, multiLine: true),
        CardInput.Text(d, "editOwner", 40))
    {
        StaffQuestion = CardInput.Text(d, "staffQuestion", SetupRules.MaxText * 2),
    };

    /// <summary>The new standard, or every problem with what was sent for it (each a sentence).</summary>
    public (StandardDraft? Draft, List<string> Problems) Standard(TenantSetup setup)
    {
        var problems = new List<string>();
        var soft = Kind == "soft";
        Check(problems, TouchpointId is not null && setup.Journey.Any(t => t.Id == TouchpointId), "Pick the touchpoint the standard belongs to.");
        Length(problems, StandardName, SetupRules.MaxName, "Give the standard a name (the promise, such as Delivery slot kept).", "The standard's name");
        var target = double.TryParse(StandardTarget, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && double.IsFinite(t) ? t : (double?)null;
        if (target is null)
        {
            problems.Add("Give a target as a number.");
        }

        if (soft)
        {
            Length(problems, Question, SetupRules.MaxText, "Give the question people answer for a soft standard.", "The question");
            Check(problems, StaffQuestion is null || StaffQuestion.Length <= SetupRules.MaxText, $"Keep the staff question to at most {SetupRules.MaxText} characters.");
            Check(problems, target is null or (>= 1 and <= 5), "A soft standard's target is an average from 1 to 5.");
        }
        else
        {
            Length(problems, Metric, SetupRules.MaxText, "Say what is measured for a hard standard.", "What is measured");
            Length(problems, Unit, 20, "Give the unit, such as %, minutes or days.", "The unit");
            Check(problems, target is null or >= 0, "The target cannot be below 0.");
            Check(problems, Unit != "%" || target is null or <= 100, "A percentage target is from 0 to 100.");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var draft = soft
            ? new StandardDraft(TouchpointId!, StandardKind.Soft, StandardName!, null, null, null, false, Question, target!.Value) { StaffQuestion = StaffQuestion }
            : new StandardDraft(TouchpointId!, StandardKind.Hard, StandardName!, Metric, Unit, Direction == "lowerIsBetter" ? global::CxBot.Features.Setup.Direction.LowerIsBetter : global::CxBot.Features.Setup.Direction.HigherIsBetter, string.Equals(HandRecorded, "true", StringComparison.OrdinalIgnoreCase), null, target!.Value);
        return (draft, problems);
    }

    /// <summary>Every problem with the new touchpoint's name, description and owner.</summary>
    public List<string> NewTouchpoint()
    {
        var problems = new List<string>();
        Length(problems, TouchpointName, SetupRules.MaxName, "Give the touchpoint a name.", "The touchpoint's name");
        Check(problems, Description is null || Description.Length <= SetupRules.MaxText, $"Keep the description to at most {SetupRules.MaxText} characters.");
        Check(problems, Owner is null || SetupRules.Owners.Contains(Owner), "Pick the owner function from the list.");
        return problems;
    }

    /// <summary>Every problem with a change to a touchpoint (empty fields keep what it has).</summary>
    public List<string> ChangedTouchpoint(TenantSetup setup)
    {
        var problems = new List<string>();
        Check(problems, EditTouchpointId is not null && setup.Journey.Any(t => t.Id == EditTouchpointId), "Pick the touchpoint to change.");
        Check(problems, EditName is null || EditName.Length <= SetupRules.MaxName, $"Keep the touchpoint's name to at most {SetupRules.MaxName} characters.");
        Check(problems, EditDescription is null || EditDescription.Length <= SetupRules.MaxText, $"Keep the description to at most {SetupRules.MaxText} characters.");
        Check(problems, EditOwner is null || SetupRules.Owners.Contains(EditOwner), "Pick the owner function from the list.");
        return problems;
    }

    private static void Length(List<string> problems, string? text, int max, string missing, string what)
    {
        if (text is null)
        {
            problems.Add(missing);
        }
        else if (text.Length > max)
        {
            problems.Add($"{what} is at most {max} characters.");
        }
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
