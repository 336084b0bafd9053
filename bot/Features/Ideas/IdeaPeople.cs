using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>
/// The people an idea's card, list or export shows, by their current names (through <see cref="IPeopleNames"/>): who
/// submitted it, who decided on it and who commented. A name stored with the idea is the fallback, never an id.
/// </summary>
internal sealed class IdeaPeople(IPeopleNames names)
{
    /// <summary>An idea's card data as <paramref name="viewerId"/> sees it (see <see cref="IdeaViews.Card"/>), everyone on it by name.</summary>
    public async Task<IdeaCardData> CardAsync(
        Idea idea, TenantSetup setup, IdeaTally tally, string? viewerId, bool? voted, string? notice, bool canDecide, bool allComments, CancellationToken cancellationToken)
    {
        var book = await names.GetNamesAsync(idea.TenantId, [idea.SubmitterId, .. Decider(idea), .. tally.Comments.Select(c => c.AuthorId)], cancellationToken);
        return IdeaViews.Card(idea, setup, tally, book, viewerId, voted, notice, canDecide, allComments);
    }

    /// <summary>The names of the submitters and deciders of <paramref name="ideas"/>.</summary>
    public Task<NameBook> NamesAsync(string tenantId, IEnumerable<Idea> ideas, CancellationToken cancellationToken) =>
        names.GetNamesAsync(tenantId, ideas.SelectMany(i => (IEnumerable<string>)[i.SubmitterId, .. Decider(i)]), cancellationToken);

    /// <summary>The person's current name; else the name stored with the idea or comment; else <see cref="NameBook.NotKnownYet"/>.</summary>
    public static string NameOf(NameBook names, string id, string? stored) =>
        names.Knows(id) || string.IsNullOrWhiteSpace(stored) ? names.Of(id) : stored.Trim();

    private static IEnumerable<string> Decider(Idea idea) => idea.DeciderId is { } decider ? [decider] : [];
}
