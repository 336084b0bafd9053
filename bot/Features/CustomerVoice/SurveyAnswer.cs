namespace CxBot.Features.CustomerVoice;

/// <summary>
/// One customer's answer as it is stored: its id (the form nonce's, so an answer is stored once however often it is posted),
/// where (tenant, team, touchpoint, link), the week of the team it counts in, the scores by standard id, the comment, and the
/// contact details only when the customer ticked the box. No network address, no cookie, nothing else about the customer.
/// </summary>
internal sealed record SurveyAnswer(
    string Id,
    string TenantId,
    string TeamId,
    string TouchpointId,
    string LinkId,
    DateOnly Monday,
    DateTimeOffset AnsweredAt,
    IReadOnlyDictionary<string, int> Scores,
    string? Comment,
    string? Contact);

/// <summary>An answer as stored: <see cref="Contact"/> null when none was given or once retention deleted it; who followed it up and when, once someone did.</summary>
internal sealed record StoredAnswer(
    string Id,
    string TeamId,
    DateOnly Monday,
    string TouchpointId,
    DateTimeOffset AnsweredAt,
    IReadOnlyDictionary<string, int> Scores,
    string? Comment,
    bool Consent,
    string? Contact,
    string? FollowedUpBy,
    string? FollowedUpName,
    DateTimeOffset? FollowedUpAt);
