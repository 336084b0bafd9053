using System.Globalization;

namespace CxBot.Features.Recognition;

/// <summary>The scorecards' view of shout-outs (<see cref="IShoutOutFacts"/>): the tenant's months around the weeks, read once.</summary>
internal sealed class ShoutOutFacts(ShoutOutStore store) : IShoutOutFacts
{
    public async Task<IReadOnlyList<ShoutOutRecord>> GivenAroundWeeksAsync(string tenantId, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken)
    {
        // Shout-outs live by tenant and UTC month: a week seen in any time zone lies between the day before its Monday and the
        // Tuesday after, so the months of those two days hold it.
        var given = new List<ShoutOutRecord>();
        var months = mondays.SelectMany(m => new[] { m.AddDays(-1), m.AddDays(8) })
            .Select(d => d.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal);
        foreach (var month in months)
        {
            await foreach (var s in store.ListMonthAsync(tenantId, month, cancellationToken))
            {
                given.Add(Record(s));
            }
        }

        return given;
    }

    private static ShoutOutRecord Record(ShoutOut s) => new(
        s.Id,
        s.GivenAt,
        s.GiverName,
        s.Recipients,
        s.Behaviour.Title,
        s.Behaviour.Id.StartsWith(RecognitionNames.StandardPrefix, StringComparison.Ordinal) ? s.Behaviour.Id[RecognitionNames.StandardPrefix.Length..] : null,
        s.Behaviour.Id == IdeaRecognition.IdeaImplemented.Id,
        s.PlusOnes);
}
