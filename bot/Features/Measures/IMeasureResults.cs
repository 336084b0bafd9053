namespace CxBot.Features.Measures;

/// <summary>
/// The weekly figures managers recorded by hand, for the scorecards: hard standards that check-ins do not ask. Weeks run
/// Monday to Sunday in the team's time zone; <c>monday</c> is that week's local Monday (another day is read as its week).
/// </summary>
internal interface IMeasureResults
{
    /// <summary>The team's recorded figures for the week, by standard id (empty when none were recorded).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyDictionary<string, RecordedMeasure>> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);
}

/// <summary>One recorded figure: its standard, the value as entered (decimal, so 96.5 stays 96.5), and who recorded it when.</summary>
internal sealed record RecordedMeasure(string StandardId, decimal Value, string RecordedById, string? RecordedByName, DateTimeOffset RecordedAt);
