using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using CxBot.Storage;

namespace CxBot.Features.Ideas;

/// <summary>An idea as read, with what it has gathered (from its own row) and the ETag a change must carry.</summary>
internal sealed record StoredIdea(Idea Idea, ETag ETag, IdeaTally Tally);

/// <summary>
/// The columns of an idea's row: the idea as JSON, its decisions (JSON, oldest first, see <see cref="IdeaHistory"/>), and what it has gathered, kept exact because every vote and comment changes
/// them in the same transaction as its own row: the vote count, the latest comments (JSON, oldest first) and the comment count.
/// The row key names the idea (<c>idea~{id}</c>), so no two partitions share it: a table service that looks a point read up by
/// row key first (Azurite does) finds it directly. Rows written before that have the key <see cref="LegacyKey"/>.
/// </summary>
internal static class IdeaRow
{
    /// <summary>The row key every idea row had before the key named the idea; such rows are moved on first read.</summary>
    public const string LegacyKey = "idea";
    private const string KeyPrefix = "idea~";
    private const string JsonColumn = "Json";
    private const string DecisionsColumn = "Decisions";
    private const string VotesColumn = "Votes";
    private const string RecentColumn = "Recent";
    private const string CommentsColumn = "Comments";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The row key of the idea <paramref name="ideaId"/>'s row.</summary>
    public static string Key(string ideaId) => KeyPrefix + ideaId;

    /// <summary>A new idea's row: no votes, no comments yet.</summary>
    public static TableEntity New(string partitionKey, Idea idea) => Tally(Text(partitionKey, idea), IdeaTally.None);

    /// <summary>The idea's own columns only (the idea and its decisions), to merge: what it has gathered stays as stored.</summary>
    public static TableEntity Text(string partitionKey, Idea idea) => new(partitionKey, Key(idea.Id))
    {
        [JsonColumn] = JsonSerializer.Serialize(idea, Json),
        [DecisionsColumn] = JsonSerializer.Serialize(idea.Decisions, Json),
    };

    /// <summary>The vote count only, to merge.</summary>
    public static TableEntity Votes(string partitionKey, string ideaId, int votes) => new(partitionKey, Key(ideaId)) { [VotesColumn] = votes };

    /// <summary>Everything gathered (the comments clipped to the latest few), to merge.</summary>
    public static TableEntity Tally(string partitionKey, string ideaId, IdeaTally tally) => Tally(new TableEntity(partitionKey, Key(ideaId)), tally);

    /// <summary>A legacy row's columns under the idea's own key, with <paramref name="tally"/> (to add while the legacy row is deleted).</summary>
    public static TableEntity Moved(TableEntity legacy, string ideaId, IdeaTally tally)
    {
        var row = new TableEntity(legacy.PartitionKey, Key(ideaId));
        foreach (var (name, value) in legacy)
        {
            row[name] = value;
        }

        return Tally(row, tally);
    }

    /// <summary>
    /// The idea with its decisions, and what it has gathered; a null tally is a row stored before the count columns existed.
    /// A row stored before decisions were kept reads with one made up from its status (<see cref="IdeaHistory.OrSynthesized"/>).
    /// </summary>
    public static (Idea Idea, IdeaTally? Tally)? Read(TableEntity row)
    {
        if (row.GetString(JsonColumn) is not { } json || JsonSerializer.Deserialize<Idea>(json, Json) is not { } read)
        {
            return null;
        }

        var decisions = row.GetString(DecisionsColumn) is { } history ? JsonSerializer.Deserialize<List<IdeaDecision>>(history, Json) : null;
        var idea = read with { Decisions = IdeaHistory.OrSynthesized(read, decisions) };

        if (row.GetInt32(VotesColumn) is not { } votes)
        {
            return (idea, null);
        }

        var recent = row.GetString(RecentColumn) is { } text ? JsonSerializer.Deserialize<List<IdeaComment>>(text, Json) ?? [] : [];
        return (idea, new IdeaTally(votes, recent, row.GetInt32(CommentsColumn) ?? recent.Count));
    }

    private static TableEntity Tally(TableEntity row, IdeaTally tally)
    {
        row[VotesColumn] = tally.Votes;
        row[RecentColumn] = JsonSerializer.Serialize(tally.Comments.TakeLast(IdeaNames.LatestComments), Json);
        row[CommentsColumn] = tally.CommentCount;
        return row;
    }
}
