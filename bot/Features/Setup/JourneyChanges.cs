using System.Text;

namespace CxBot.Features.Setup;

/// <summary>A new standard as typed into the card, already parsed.</summary>
internal sealed record StandardDraft(string TouchpointId, StandardKind Kind, string Name, string? Metric, string? Unit, Direction? Direction, bool HandRecorded, string? Question, double Target)
{
    /// <summary>Soft only: the question staff answer in check-ins.</summary>
    public string? StaffQuestion { get; init; }
}

/// <summary>Changes to the journey and its standards; admins only. Pure: they return a new setup or a refusal.</summary>
internal static class JourneyChanges
{
    public static Change PickStarter(TenantSetup setup, Caller caller, SetupRoles roles, string journeyId, DateOnly today)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (StarterJourneys.Find(journeyId) is not { } starter)
        {
            return Change.Refused("There is no starter journey of that name.");
        }

        if (setup.Journey.Count > 0)
        {
            return Change.Refused("Your organisation already has a journey; edit it instead (touchpoints and standards are never deleted, so past weeks keep their meaning).");
        }

        return Change.Ok(setup with { Journey = starter.Touchpoints, Standards = [.. starter.Standards.Select(s => s.ToStandard(today))] }, $"The \"{starter.Title}\" journey is set up.");
    }

    public static Change AddTouchpoint(TenantSetup setup, Caller caller, SetupRoles roles, string name, string description, string owner)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        var touchpoint = new Touchpoint(NewId(name, setup.Journey.Select(t => t.Id)), setup.Journey.Select(t => t.Order).DefaultIfEmpty(0).Max() + 1, name.Trim(), description.Trim(), owner);
        return Change.Ok(setup with { Journey = [.. setup.Journey, touchpoint] }, $"Touchpoint \"{touchpoint.Name}\" added.");
    }

    /// <summary>Renames or re-describes a touchpoint, or changes its owner; a null keeps the current value. Its id (and so its standards) stay.</summary>
    public static Change EditTouchpoint(TenantSetup setup, Caller caller, SetupRoles roles, string touchpointId, string? name, string? description, string? owner)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (setup.Journey.FirstOrDefault(t => t.Id == touchpointId) is not { } touchpoint)
        {
            return Change.Refused("That touchpoint does not exist.");
        }

        var edited = touchpoint with { Name = name?.Trim() ?? touchpoint.Name, Description = description?.Trim() ?? touchpoint.Description, Owner = owner ?? touchpoint.Owner };
        return Change.Ok(setup with { Journey = [.. setup.Journey.Select(t => t.Id == touchpointId ? edited : t)] }, $"Touchpoint \"{edited.Name}\" saved.");
    }

    public static Change AddStandard(TenantSetup setup, Caller caller, SetupRoles roles, StandardDraft d, DateOnly today)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        var standard = new Standard(NewId(d.Name, setup.Standards.Select(s => s.Id)), d.TouchpointId, d.Kind, d.Name.Trim(), d.Metric?.Trim(), d.Unit?.Trim(), d.Direction, d.HandRecorded, d.Question?.Trim(), [new TargetVersion(today, d.Target)], null)
        {
            StaffQuestion = d.Kind == StandardKind.Soft && !string.IsNullOrWhiteSpace(d.StaffQuestion) ? d.StaffQuestion.Trim() : null,
        };
        return Change.Ok(setup with { Standards = [.. setup.Standards, standard] }, $"Standard \"{standard.Name}\" added.");
    }

    public const string PastTarget = "A new target cannot start in the past: past weeks keep the target they were measured against.";

    /// <summary>Everything wrong with a change of target as sent (standard, target for its kind and unit, date), each a sentence.</summary>
    public static List<string> TargetProblems(TenantSetup setup, string? standardId, double? target, DateOnly? from, DateOnly today)
    {
        var problems = new List<string>();
        var standard = standardId is null ? null : setup.FindStandard(standardId);
        if (standard is null)
        {
            problems.Add("Pick the standard to change.");
        }
        else if (standard.RetiredFrom is not null)
        {
            problems.Add($"\"{standard.Name}\" is retired.");
        }

        if (target is not { } t)
        {
            problems.Add("Give the new target as a number.");
        }
        else if (standard is { Kind: StandardKind.Soft } && t is < 1 or > 5)
        {
            problems.Add("A soft standard's target is an average from 1 to 5.");
        }
        else if (standard is { Kind: StandardKind.Hard } && t < 0)
        {
            problems.Add("The target cannot be below 0.");
        }
        else if (standard is { Kind: StandardKind.Hard, Unit: "%" } && t > 100)
        {
            problems.Add("A percentage target is from 0 to 100.");
        }

        if (from is not { } f)
        {
            problems.Add("Pick the date the new target takes effect.");
        }
        else if (f < today)
        {
            problems.Add(PastTarget);
        }

        return problems;
    }

    /// <summary>A new target from <paramref name="from"/> (today or later): earlier weeks keep the target they had.</summary>
    public static Change ChangeTarget(TenantSetup setup, Caller caller, SetupRoles roles, string standardId, double target, DateOnly from, DateOnly today)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (setup.FindStandard(standardId) is not { } standard)
        {
            return Change.Refused("That standard does not exist.");
        }

        if (from < today)
        {
            return Change.Refused(PastTarget);
        }

        if (from > SetupRules.LastTargetDay(today))
        {
            return Change.Refused($"A new target can start at most {SetupRules.MaxTargetYearsAhead} years ahead, on or before {SetupRules.LastTargetDay(today):yyyy-MM-dd}.");
        }

        if (standard.RetiredFrom is not null)
        {
            return Change.Refused($"\"{standard.Name}\" is retired.");
        }

        var versions = standard.Versions.Where(v => v.EffectiveFrom != from).Append(new TargetVersion(from, target)).OrderBy(v => v.EffectiveFrom).ToList();
        return Change.Ok(Replace(setup, standard with { Versions = versions }), $"\"{standard.Name}\" target is {target:0.##} from {from:yyyy-MM-dd}.");
    }

    /// <summary>Retires a standard from today: it stays, with its history, for past weeks.</summary>
    public static Change Retire(TenantSetup setup, Caller caller, SetupRoles roles, string standardId, DateOnly today)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (setup.FindStandard(standardId) is not { } standard)
        {
            return Change.Refused("That standard does not exist.");
        }

        return standard.RetiredFrom is not null
            ? Change.Refused($"\"{standard.Name}\" is already retired.")
            : Change.Ok(Replace(setup, standard with { RetiredFrom = today }), $"\"{standard.Name}\" is retired from {today:yyyy-MM-dd}.");
    }

    private static TenantSetup Replace(TenantSetup setup, Standard standard) =>
        setup with { Standards = [.. setup.Standards.Select(s => s.Id == standard.Id ? standard : s)] };

    /// <summary>A lower-case slug of the name, made unique among <paramref name="taken"/>.</summary>
    public static string NewId(string name, IEnumerable<string> taken)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var stem = slug.ToString().Trim('-') is { Length: > 0 } s ? s[..Math.Min(s.Length, 50)].TrimEnd('-') : "item";
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (var n = 2; used.Contains(id); n++)
        {
            id = $"{stem}-{n}";
        }

        return id;
    }
}
