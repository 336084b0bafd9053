using System.Text.Json;
using System.Text.Unicode;

namespace CxBot.Protocol;

/// <summary>
/// Checks an inbound body's JSON before anything reads it, so that every string a handler later gets is a valid .NET string
/// and every object has one value per name. Refused (the endpoint answers 400): text that is not UTF-8, a string or name
/// holding a lone UTF-16 surrogate (<c>"\ud800"</c>, a trailing <c>"\ud83d"</c>), and an object naming a property twice,
/// in any case (<c>"locale"</c> and <c>"LOCALE"</c>): the typed fields match names in any case, so which one won would be an
/// accident. Teams sends none of these; replacing them instead would change what people typed without telling them.
/// </summary>
internal static class WireJsonCheck
{
    /// <summary>A UTF-8 byte order mark, which JSON parsers may ignore (RFC 8259): it is skipped.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> json) => json.StartsWith("\uFEFF"u8) ? json[3..] : json;

    /// <summary>True when <paramref name="json"/> (without a BOM) is well-formed JSON whose strings are all valid and whose objects repeat no name.</summary>
    public static bool IsAcceptable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var names = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        // GetString throws on invalid UTF-8 and on an escaped lone surrogate.
                        var name = reader.GetString()!;
                        var seen = names.Pop() ?? new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                        if (!seen.Add(name))
                        {
                            return false;
                        }

                        names.Push(seen);
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        _ = reader.GetString();
                        break;
                    case JsonTokenType.String when !Utf8.IsValid(reader.ValueSpan):
                        return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
