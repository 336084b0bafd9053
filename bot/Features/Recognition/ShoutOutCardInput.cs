using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Features.Setup;

namespace CxBot.Features.Recognition;

/// <summary>Reads which shout-out a card action points at; anything malformed is null.</summary>
internal static partial class ShoutOutCardInput
{
    public static ShoutOutRef? Read(JsonElement? data) =>
        CardInput.Text(data, "month", 10) is { } month && MonthPattern().IsMatch(month) && CardInput.Text(data, "id", 40) is { } id && IdPattern().IsMatch(id)
            ? new ShoutOutRef(month, id)
            : null;

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
