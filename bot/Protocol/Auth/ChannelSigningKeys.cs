using Microsoft.IdentityModel.Tokens;

namespace CxBot.Protocol.Auth;

/// <summary>The channel's token signing keys, with each key's endorsements (the channels it may sign for).</summary>
internal sealed record ChannelSigningKeys(IReadOnlyList<SecurityKey> Keys, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements)
{
    public bool HasKey(string? kid) => kid is not null && Keys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));

    public bool IsEndorsed(string? kid, string? channelId) =>
        kid is not null && channelId is not null && Endorsements.TryGetValue(kid, out var channels)
        && channels.Contains(channelId, StringComparer.OrdinalIgnoreCase);
}
