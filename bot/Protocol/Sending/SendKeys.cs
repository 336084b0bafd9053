using System.Text.Json;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The send key: a stable id per job and recipient in <c>channelData.cxSendKey</c>. A resend after an unknown outcome
/// carries the same key, so whoever receives both (a test connector, an audit) can tell a duplicate from a new message.
/// </summary>
internal static class SendKeys
{
    public const string Property = "cxSendKey";

    /// <summary>The channel data with the key (and the tenant, which Teams wants on proactive messages).</summary>
    public static ChannelData With(ChannelData? channelData, string sendKey, string tenantId)
    {
        var extra = channelData?.Extra is { } existing ? new Dictionary<string, JsonElement>(existing) : [];
        extra[Property] = JsonSerializer.SerializeToElement(sendKey, ProtocolJson.Default.String);
        return (channelData ?? new ChannelData()) with
        {
            Tenant = channelData?.Tenant ?? new IdRef { Id = tenantId },
            Extra = extra,
        };
    }
}
