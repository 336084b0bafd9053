using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Protocol;

/// <summary>Teams' <c>channelData</c>: the parts the bot reads, with every other field kept.</summary>
public sealed record ChannelData
{
    /// <summary>The tenant.</summary>
    public IdRef? Tenant { get; init; }

    /// <summary>The team, in team conversations.</summary>
    public IdRef? Team { get; init; }

    /// <summary>The channel, in channel conversations.</summary>
    public IdRef? Channel { get; init; }

    /// <summary>Team or channel event (<c>teamMemberAdded</c>, <c>channelCreated</c>…).</summary>
    public string? EventType { get; init; }

    /// <summary>Install settings (<c>selectedChannel</c> on a team install).</summary>
    public ChannelSettings? Settings { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An object with an id (and maybe a name).</summary>
public sealed record IdRef
{
    /// <summary>The id.</summary>
    public string? Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>channelData.settings</c>.</summary>
public sealed record ChannelSettings
{
    /// <summary>The channel chosen when the app was added to a team.</summary>
    public IdRef? SelectedChannel { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
