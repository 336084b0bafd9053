using System.Text.Json;
using CxBot.Protocol.Routing;

namespace CxBot.Protocol.FileConsent;

/// <summary>
/// A sender of file consent cards. When the user accepts a card whose context has this <see cref="Kind"/>, the dispatcher asks
/// for the bytes (the handler re-checks the caller's rights) and uploads them to the URL Teams gave, if that URL is allowed.
/// </summary>
internal interface IFileConsentHandler
{
    /// <summary>The value of <c>context.kind</c> this handler answers.</summary>
    string Kind { get; }

    /// <summary>The file's bytes, or null when the caller may not have it (the handler has told them why).</summary>
    Task<byte[]?> ContentAsync(TurnContext turn, JsonElement context);
}
