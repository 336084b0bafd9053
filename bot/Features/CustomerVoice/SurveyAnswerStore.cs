using System.Text.Json;
using CxBot.Cards;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The <c>SurveyAnswers</c> table: PartitionKey = tenant|team|ISO week of the team's local Monday (<c>2026-W50</c>), so a busy
/// team's weeks spread over partitions and a week's tally is one partition query; RowKey = the form nonce's id, so inserting
/// the same answer twice (a double tap, a replayed POST, two instances) stores one row and the second insert is told so.
/// Contact details carry <c>ContactUntil</c>; <see cref="ForgetExpiredContactsAsync"/> deletes them after it.
/// </summary>
internal sealed class SurveyAnswerStore(TableServiceClient tables, IOptions<CustomerVoiceOptions> options) : ICustomerVoiceResults
{
    private readonly TableClient _table = tables.GetTableClient(CustomerVoiceNames.AnswersTable);

    public static string Partition(string tenantId, string teamId, DateOnly monday) =>
        TableKeys.ToSafeKey(tenantId) + "|" + TableKeys.ToSafeKey(teamId) + "|" + IsoWeeks.Label(IsoWeeks.MondayOf(monday));

    /// <summary>Stores the answer; false when an answer with its id is already stored (nothing is written then).</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<bool> AddAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = new TableEntity(Partition(answer.TenantId, answer.TeamId, answer.Monday), answer.Id)
        {
            ["TouchpointId"] = answer.TouchpointId,
            ["LinkId"] = answer.LinkId,
            ["AnsweredAt"] = answer.AnsweredAt,
            ["Scores"] = JsonSerializer.Serialize(answer.Scores),
            ["Comment"] = answer.Comment,
            ["Consent"] = answer.Contact is not null,
            ["Contact"] = answer.Contact,
            ["ContactUntil"] = answer.Contact is null ? null : answer.AnsweredAt + options.Value.ContactRetention,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (TableStorageException e) when (e.IsAlreadyExists)
        {
            return false;
        }
    }

    public async Task<CustomerVoiceWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var sums = new Dictionary<string, (int Sum, int Count)>(StringComparer.Ordinal);
        var low = new List<LowScoreAnswer>();
        var answers = 0;
        await foreach (var row in _table.QueryAsync(TableFilter.PartitionKeyEquals(Partition(tenantId, teamId, monday)), cancellationToken))
        {
            answers++;
            var scores = ReadScores(row.GetString("Scores"));
            foreach (var (standard, score) in scores)
            {
                var (sum, count) = sums.GetValueOrDefault(standard);
                sums[standard] = (sum + score, count + 1);
            }

            if (row.GetBoolean("Consent") == true && scores.Values.Any(s => s <= 2))
            {
                low.Add(new LowScoreAnswer(row.RowKey, row.GetString("TouchpointId") ?? "", row.GetDateTimeOffset("AnsweredAt") ?? default, scores, row.GetString("Comment"), row.GetString("Contact")));
            }
        }

        return new CustomerVoiceWeek(
            answers,
            sums.ToDictionary(p => p.Key, p => new ScoreTally(p.Value.Sum, p.Value.Count), StringComparer.Ordinal),
            [.. low.OrderBy(l => l.AnsweredAt)]);
    }

    public async Task<IReadOnlyList<CustomerScores>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var answers = new List<CustomerScores>();
        await foreach (var row in _table.QueryAsync(TableFilter.PartitionKeyEquals(Partition(tenantId, teamId, monday)), cancellationToken))
        {
            answers.Add(new CustomerScores(row.GetDateTimeOffset("AnsweredAt") ?? default, ReadScores(row.GetString("Scores"))));
        }

        return answers;
    }

    /// <summary>Deletes every contact detail whose retention ended before <paramref name="now"/> (the scores and comment stay); returns how many.</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<int> ForgetExpiredContactsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var forgotten = 0;
        var due = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"ContactUntil lt {now}"), cancellationToken))
        {
            due.Add(row);
        }

        foreach (var row in due)
        {
            row.Remove("Contact");
            row.Remove("ContactUntil");
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                forgotten++;
            }
            catch (TableETagMismatchException)
            {
                // Changed since it was read (another instance forgot it first): the next sweep sees it if it still holds a contact.
            }
            catch (TableStorageException e) when (e.IsNotFound)
            {
                // Gone already.
            }
        }

        return forgotten;
    }

    /// <summary>One answer of the team's week by its id, or null.</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<StoredAnswer?> FindAsync(string tenantId, string teamId, DateOnly monday, string id, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        return await _table.GetEntityIfExistsAsync(Partition(tenantId, teamId, monday), id, cancellationToken) is { } row ? Read(row, teamId, monday) : null;
    }

    /// <summary>
    /// Records that <paramref name="userId"/> followed the answer up at <paramref name="at"/> (with the row's ETag, read again when
    /// another write got there first); the first to follow it up stays recorded. The answer as stored after, or null when there is none.
    /// </summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<StoredAnswer?> MarkFollowedUpAsync(string tenantId, string teamId, DateOnly monday, string id, string userId, string? userName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            if (await _table.GetEntityIfExistsAsync(Partition(tenantId, teamId, monday), id, cancellationToken) is not { } row)
            {
                return null;
            }

            if (row.GetString("FollowedUpBy") is not null)
            {
                return Read(row, teamId, monday);
            }

            row["FollowedUpBy"] = userId;
            row["FollowedUpName"] = userName;
            row["FollowedUpAt"] = at;
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return Read(row, teamId, monday);
            }
            catch (TableETagMismatchException) when (attempt < 4)
            {
                // Changed since it was read (another manager, or the contact sweep): read it again.
            }
        }
    }

    private static StoredAnswer Read(TableEntity row, string teamId, DateOnly monday) => new(
        row.RowKey,
        teamId,
        IsoWeeks.MondayOf(monday),
        row.GetString("TouchpointId") ?? "",
        row.GetDateTimeOffset("AnsweredAt") ?? default,
        ReadScores(row.GetString("Scores")),
        row.GetString("Comment"),
        row.GetBoolean("Consent") == true,
        row.GetString("Contact"),
        row.GetString("FollowedUpBy"),
        row.GetString("FollowedUpName"),
        row.GetDateTimeOffset("FollowedUpAt"));

    private static Dictionary<string, int> ReadScores(string? json)
    {
        try
        {
            return json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
