using System.Security.Cryptography;
using System.Text;

namespace CxBot.Storage;

/// <summary>Checks PartitionKey and RowKey values and turns arbitrary text into a safe key.</summary>
public static class TableKeys
{
    /// <summary>The service allows 1 KiB per key; counted as UTF-16 bytes, the strictest reading.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>Throws when <paramref name="key"/> cannot be a PartitionKey or RowKey.</summary>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is too long or has a forbidden character (<c>/ \ # ?</c> or a control character).</exception>
    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length > MaxKeyChars)
        {
            throw new ArgumentException($"The key is {key.Length} characters; at most {MaxKeyChars} are allowed.", paramName);
        }

        var bad = IndexOfForbidden(key);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"The key has a forbidden character (U+{(int)key[bad]:X4}) at position {bad}; keys may not hold / \\ # ? or control characters. Use TableKeys.ToSafeKey for arbitrary text.",
                paramName);
        }
    }

    /// <summary>True when the key would pass <see cref="Validate"/>.</summary>
    public static bool IsValid(string? key) => key is not null && key.Length <= MaxKeyChars && IndexOfForbidden(key) < 0;

    /// <summary>
    /// Turns any text into a valid key. Distinct texts give distinct keys: forbidden characters and the escape
    /// character <c>~</c> become <c>~XXXX</c>; text too long keeps its start and ends with a hash of the whole.
    /// </summary>
    public static string ToSafeKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '~' || IsForbidden(c))
            {
                builder.Append('~').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length <= MaxKeyChars)
        {
            return builder.ToString();
        }

        // Keep a readable prefix and make the tail unique to the full text.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var keep = MaxKeyChars - hash.Length - 1;
        var prefix = builder.ToString(0, keep);
        if (char.IsHighSurrogate(prefix[^1]))
        {
            prefix = prefix[..^1];
        }

        return prefix + "~" + hash;
    }

    /// <summary>
    /// The text <see cref="ToSafeKey"/> made <paramref name="key"/> from, for a text short enough to keep every character (a
    /// long text's key ends with a hash and cannot be turned back); null for a key <see cref="ToSafeKey"/> cannot have made.
    /// </summary>
    public static string? FromSafeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '~')
            {
                text.Append(key[i]);
            }
            else if (i + 4 < key.Length && int.TryParse(key.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var c))
            {
                text.Append((char)c);
                i += 4;
            }
            else
            {
                return null;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A key that carries none of <paramref name="text"/> (32 hex digits of its SHA-256), for rows named by what people typed:
    /// keys appear in request URLs, which HTTP logging writes out. Equal texts give equal keys.
    /// </summary>
    public static string Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
    }

    private static int IndexOfForbidden(string key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (IsForbidden(key[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsForbidden(char c) =>
        c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F';
}
