using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>
/// How person-day rows and week summaries are stored in the <c>Checkins</c> table (keys in <see cref="CheckinKeys"/>), and
/// how rows written before delivery was recorded read: as delivered, as they were counted then.
/// </summary>
internal static class CheckinRows
{
    private const string ValuesProperty = "Values";
    private const string DeliveryProperty = "Delivery";
    private const string NotReachedProperty = "NotReached";
    private const string DeliveredProperty = "Delivered";

    /// <summary>
    /// A person-day row in partition <paramref name="pk"/> (<see cref="CheckinKeys.Week"/>): prompted at <paramref name="promptedAt"/>,
    /// its delivery (an answered row is delivered), and the answer's time and values once answered.
    /// </summary>
    public static TableEntity Answer(string pk, CheckinAnswer answer, DateTimeOffset promptedAt)
    {
        var row = new TableEntity(pk, CheckinKeys.Answer(answer.Date, answer.UserId))
        {
            ["TeamId"] = answer.TeamId,
            ["UserId"] = answer.UserId,
            ["Date"] = CheckinKeys.Date(answer.Date),
            ["PromptedAt"] = promptedAt,
            [DeliveryProperty] = answer.AnsweredAt is null ? DeliveryCode(answer.Delivery) : DeliveryCode(CheckinDelivery.Delivered),
        };
        if (answer.AnsweredAt is null && answer.Delivery == CheckinDelivery.NotReached)
        {
            row[NotReachedProperty] = NotReachedReasons.Code(answer.NotReachedReason ?? NotReachedReason.Failed);
        }

        if (answer.AnsweredAt is { } answeredAt)
        {
            row["AnsweredAt"] = answeredAt;
            row[ValuesProperty] = JsonSerializer.Serialize(answer.Values);
        }

        return row;
    }

    /// <summary>The week's summary row in partition <paramref name="pk"/>.</summary>
    public static TableEntity Summary(string pk, CheckinWeek summary)
    {
        var row = new TableEntity(pk, CheckinKeys.Summary)
        {
            ["Prompted"] = summary.Prompted,
            ["Answered"] = summary.Answered,
            [DeliveredProperty] = summary.Delivered,
            [ValuesProperty] = JsonSerializer.Serialize(summary.Values.ToDictionary(v => v.Key, v => new[] { v.Value.Sum, v.Value.Count })),
        };
        if (summary.NotReached.Count > 0)
        {
            // Per person, per day, the reason: enough to take one day back out when that person is reached after all.
            row[NotReachedProperty] = JsonSerializer.Serialize(summary.NotReached.ToDictionary(
                p => p.UserId,
                p => p.ByDay.ToDictionary(d => CheckinKeys.Date(d.Key), d => NotReachedReasons.Code(d.Value))));
        }

        return row;
    }

    /// <summary>A person-day row; one written before delivery was recorded (no <c>Delivery</c>) reads as delivered, as it was counted then.</summary>
    public static CheckinAnswer Read(TableEntity row)
    {
        var delivery = row.GetString(DeliveryProperty) switch
        {
            "pending" => CheckinDelivery.Pending,
            "not-reached" => CheckinDelivery.NotReached,
            _ => CheckinDelivery.Delivered,
        };
        return new CheckinAnswer(
            row.GetString("TeamId") ?? "",
            row.GetString("UserId") ?? "",
            ParseDate(row.GetString("Date")),
            row.GetDateTimeOffset("AnsweredAt"),
            row.GetString(ValuesProperty) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [] : new Dictionary<string, double>())
        {
            Delivery = delivery,
            NotReachedReason = delivery == CheckinDelivery.NotReached ? NotReachedReasons.Parse(row.GetString(NotReachedProperty)) : null,
        };
    }

    /// <summary>The week's summary; one written before delivery was recorded (no <c>Delivered</c>) counts every prompted day delivered.</summary>
    public static CheckinWeek ReadSummary(TableEntity row)
    {
        var raw = row.GetString(ValuesProperty) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double[]>>(json) ?? [] : [];
        var missed = row.GetString(NotReachedProperty) is { } people ? JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(people) ?? [] : [];
        var week = new CheckinWeek(
            row.GetInt32("Prompted") ?? 0,
            row.GetInt32("Answered") ?? 0,
            raw.Where(v => v.Value.Length == 2).ToDictionary(v => v.Key, v => new ValueTotal(v.Value[0], (int)v.Value[1]), StringComparer.Ordinal))
        {
            NotReached = [.. missed.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new NotReachedPerson(p.Key, p.Value.ToDictionary(d => ParseDate(d.Key), d => NotReachedReasons.Parse(d.Value))))],
        };
        return row.GetInt32(DeliveredProperty) is { } delivered ? week with { Delivered = delivered } : week;
    }

    private static DateOnly ParseDate(string? date) =>
        DateOnly.ParseExact(date ?? "0001-01-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string DeliveryCode(CheckinDelivery delivery) => delivery switch
    {
        CheckinDelivery.Pending => "pending",
        CheckinDelivery.NotReached => "not-reached",
        _ => "delivered",
    };
}
