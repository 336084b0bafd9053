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
