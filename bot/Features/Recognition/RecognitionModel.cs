namespace CxBot.Features.Recognition;

/// <summary>A company value or badge an admin defined: a name and an emoji.</summary>
internal sealed record CompanyValue(string Id, string Name, string Emoji);

/// <summary>Someone recognised, by Entra object id, with the name CxBot knows them by.</summary>
internal sealed record Recipient(string AadObjectId, string Name);

/// <summary>What the shout-out is for: a standard or a company value, with its badge.</summary>
internal sealed record Behaviour(string Id, string Title, string Badge);

/// <summary>
/// One shout-out: who gave it to whom, for which behaviour, the message, when, and its +1 count. <see cref="Id"/> is the
/// client token of the card that sent it, so a redelivered submission finds the same row.
/// </summary>
internal sealed record ShoutOut(
    string Id,
    string TenantId,
    string GiverId,
    string GiverName,
    IReadOnlyList<Recipient> Recipients,
    Behaviour Behaviour,
    string Message,
    DateTimeOffset GivenAt,
    int PlusOnes)
{
    /// <summary>The month the row lives in (UTC), part of its partition key and of every card action that points at it.</summary>
    public string Month => GivenAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Points back to a stored shout-out from card data (never trusted: looked up in the caller's tenant).</summary>
internal sealed record ShoutOutRef(string Month, string Id);
