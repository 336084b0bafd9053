using CxBot.Features.Setup;

namespace CxBot.Features.Measures;

/// <summary>
/// Which standards a manager records by hand each week: the team's hard standards in force that week which daily check-ins do
/// not ask (those check-ins ask, <see cref="Standard.HandRecorded"/>, come from the answers).
/// </summary>
internal static class MeasureStandards
{
    /// <summary>In the journey's order, then by name.</summary>
    public static IReadOnlyList<Standard> For(TenantSetup setup, TeamSetup team, DateOnly monday) =>
        [.. setup.Standards.Where(s => s.Kind == StandardKind.Hard && !s.HandRecorded
                && (s.RetiredFrom is not { } retired || retired > monday)
                && (team.Standards.Count == 0 || team.Standards.Contains(s.Id, StringComparer.Ordinal)))
            .OrderBy(s => setup.Journey.FirstOrDefault(t => t.Id == s.TouchpointId)?.Order ?? int.MaxValue)
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Why a standard named on a card is not recorded here, in a sentence with its name (null for a standard recorded here).</summary>
    public static string WhyNot(TenantSetup setup, TeamSetup team, DateOnly monday, string standardId) =>
        setup.FindStandard(standardId) switch
        {
            null => "The card names a standard that does not exist any more.",
            { Kind: StandardKind.Soft } s => $"\"{s.Name}\" is a soft standard: staff answer it in their check-ins, so it is not recorded here.",
            { HandRecorded: true } s => $"\"{s.Name}\" is asked in daily check-ins, so it is not recorded here.",
            var s => $"\"{s.Name}\" is not in force for {team.Name} in {MeasureWeek.InSentence(monday)}, so it is not recorded here.",
        };

    /// <summary>"96 %", "12 minutes", "1 minute", "1,250 calls" (no unit: the number alone).</summary>
    public static string WithUnit(decimal value, string? unit)
    {
        var number = value.ToString("#,0.############", System.Globalization.CultureInfo.InvariantCulture);
        if (unit?.Trim() is not { Length: > 0 } u)
        {
            return number;
        }

        if (u is "%" or "percent" or "per cent")
        {
            return number + " %";
        }

        // "1 days" reads wrong; a plain plural loses its s for exactly one.
        return value == 1 && u.Length > 2 && u.EndsWith('s') && !u.EndsWith("ss", StringComparison.Ordinal) ? $"{number} {u[..^1]}" : $"{number} {u}";
    }
}
