using CxBot.Protocol.References;
using CxBot.Protocol.Sending;

namespace CxBot.Features.People;

/// <summary>
/// The send engine's resolver with the people directory behind it: a person without a stored chat gets the app installed
/// and a chat created when that is allowed, or an unreachable reason (stable strings from <see cref="PeopleReasons"/>).
/// </summary>
internal sealed class PeopleRecipientResolver(ConversationReferenceStore references, IPeopleDirectory people) : IRecipientResolver
{
    private readonly ReferenceResolver _references = new(references);

    public async Task<RecipientReach> ResolveAsync(ProactiveTarget target, CancellationToken cancellationToken)
    {
        // The stored chat first (one read, as the default resolver); the directory only for people without one.
        var known = await _references.ResolveAsync(target, cancellationToken);
        if (known.Reference is not null || target.Kind != ProactiveTargetKind.User || known.Reason != SendReasons.NoConversation)
        {
            return known;
        }

        var reach = await people.GetReachAsync(target.TenantId, target.Id, cancellationToken);
        if (reach.CanSend && reach.Target is { } reachable)
        {
            return (reach.Reference ?? await references.GetAsync(reachable, cancellationToken)) is { Retired: false } reference
                ? new RecipientReach(reference)
                : new RecipientReach(null, PeopleReasons.ChatNotFound, TryLater: true);
        }

        return new RecipientReach(null, reach.Reason ?? SendReasons.NoConversation, TryLater: reach.Outcome == ReachOutcome.TryLater);
    }
}
