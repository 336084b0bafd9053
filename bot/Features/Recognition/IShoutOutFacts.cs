namespace CxBot.Features.Recognition;

/// <summary>
/// What recognition recorded, for the scorecards: the shout-outs given around some weeks. Implemented by
/// <see cref="ShoutOutFacts"/> over the shout-outs table; registered with <see cref="RecognitionFeature.AddShoutOutFacts"/>.
/// </summary>
internal interface IShoutOutFacts
{
    /// <summary>
    /// Every shout-out of the tenant given in the weeks of <paramref name="mondays"/>, whatever the time zone the week is seen in
    /// (and others given around them: the caller keeps those in its own week bounds, by <see cref="ShoutOutRecord.GivenAt"/>).
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<ShoutOutRecord>> GivenAroundWeeksAsync(string tenantId, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken);
}

/// <summary>
/// One shout-out as the scorecards see it: who gave it (<see cref="GiverName"/>) to whom, when, what for (<see cref="For"/>,
/// the title of the standard or value), and its +1 count. <see cref="StandardId"/>: the standard it recognises, when it is
/// for a standard (not a company value). <see cref="ForImplementedIdea"/>: the automatic shout-out to an idea's author when
/// the idea was implemented.
/// </summary>
internal sealed record ShoutOutRecord(
    string Id,
    DateTimeOffset GivenAt,
    string GiverName,
    IReadOnlyList<Recipient> Recipients,
    string For,
    string? StandardId,
    bool ForImplementedIdea,
    int PlusOnes);
