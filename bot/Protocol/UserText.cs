using System.Globalization;
using System.Text;

namespace CxBot.Protocol;

/// <summary>
/// The one rule for text people type into cards, applied where card data is read: control characters (NUL, escape, bell, …)
/// never reach storage. Multi-line fields keep line breaks (as <c>\n</c>) and tabs; single-line fields get a space instead.
/// </summary>
public static class UserText
{
    /// <summary>
    /// <paramref name="text"/> without control characters, trimmed; null when nothing but white space is left.
    /// In <paramref name="multiLine"/> text, <c>\r\n</c> and <c>\r</c> become <c>\n</c> and tabs stay; otherwise line breaks and tabs become spaces.
    /// </summary>
    public static string? Clean(string? text, bool multiLine)
    {
        if (text is null)
        {
            return null;
        }

        if (!NeedsCleaning(text))
        {
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n' or '\t')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                clean.Append(!multiLine ? ' ' : c == '\t' ? '\t' : '\n');
            }
            else if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        var result = clean.ToString().Trim();
        return result.Length == 0 ? null : result;
    }

    /// <summary>
    /// True when <paramref name="text"/> is exactly one emoji: a pictograph with its modifiers (skin tone, variation selector,
    /// joined sequences such as families, flags, keycaps), and nothing else.
    /// </summary>
    public static bool IsOneEmoji(string? text)
    {
        if (string.IsNullOrEmpty(text) || new StringInfo(text).LengthInTextElements != 1)
        {
            return false;
        }

        var runes = text.EnumerateRunes().ToList();
        if (runes.Count >= 2 && IsKeycapBase(runes[0]) && runes[^1].Value == 0x20E3)
        {
            // A keycap: 0-9, # or * with an optional variation selector and the combining keycap.
            return runes.Count == 2 || (runes.Count == 3 && runes[1].Value == 0xFE0F);
        }

        var pictographs = 0;
        foreach (var rune in runes)
        {
            if (IsPictograph(rune))
            {
                pictographs++;
            }
            else if (!IsEmojiModifier(rune))
            {
                return false;
            }
        }

        return pictographs > 0;
    }

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKeycapBase(Rune rune) => rune.Value is (>= '0' and <= '9') or '#' or '*';

    /// <summary>Emoji presentation code points: the emoji blocks of the supplementary plane and the symbols of the BMP that are emoji.</summary>
    private static bool IsPictograph(Rune rune) => rune.Value switch
    {
        >= 0x1F000 and <= 0x1FAFF => rune.Value is < 0x1F3FB or > 0x1F3FF, // emoji blocks with the flags' regional indicators, skin tones excluded
        >= 0x2600 and <= 0x27BF => true, // miscellaneous symbols and dingbats
        >= 0x2B00 and <= 0x2BFF => true, // arrows and stars (⭐, ⬆)
        >= 0x2190 and <= 0x21FF => true, // arrows
        >= 0x2300 and <= 0x23FF => true, // technical (⌚, ⏰)
        >= 0x25A0 and <= 0x25FF => true, // geometric shapes
        0x00A9 or 0x00AE or 0x203C or 0x2049 or 0x2122 or 0x2139 or 0x24C2 or 0x2934 or 0x2935 or 0x3030 or 0x303D or 0x3297 or 0x3299 => true,
        _ => false,
    };

    /// <summary>What follows a pictograph inside one emoji: variation selectors, the zero-width joiner, skin tones, tag characters.</summary>
    private static bool IsEmojiModifier(Rune rune) => rune.Value is 0xFE0E or 0xFE0F or 0x200D or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F);
}
