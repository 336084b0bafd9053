using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Protocol.FileConsent;

/// <summary>Builds the consent card Teams shows before a file is saved to the user's OneDrive.</summary>
internal static class FileConsentCards
{
    /// <summary>A consent card for <paramref name="name"/>; <paramref name="context"/> (with the kind added) comes back on accept or decline.</summary>
    public static Attachment Consent(string kind, string name, string description, int size, JsonObject? context = null)
    {
        JsonObject Context()
        {
            var c = context is null ? [] : (JsonObject)context.DeepClone();
            c[FileConsentNames.KindField] = kind;
            return c;
        }

        return new Attachment
        {
            ContentType = FileConsentNames.ConsentCard,
            Content = new JsonObject
            {
                ["description"] = description,
                ["sizeInBytes"] = size,
                ["acceptContext"] = Context(),
                ["declineContext"] = Context(),
            },
            Extra = new() { ["name"] = JsonSerializer.SerializeToElement(name) },
        };
    }
}
