using System.Globalization;

namespace CxBot.Cards;

/// <summary>Prepares user text for card data: it is never changed except to fit a field's limit.</summary>
public static class CardText
{
    /// <summary>The ellipsis that ends cut text.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// Returns <paramref name="text"/> unchanged when it fits in <paramref name="maxLength"/> UTF-16 units; otherwise cuts it at a
    /// character boundary (never inside an emoji or a combined character) and ends it with an ellipsis, within the limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is less than 1.</exception>
    public static string? Clip(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text is null || text.Length <= maxLength)
        {
            return text;
        }

        var budget = maxLength - Ellipsis.Length;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext() && elements.ElementIndex + ((string)elements.Current).Length <= budget)
        {
            end = elements.ElementIndex + ((string)elements.Current).Length;
        }

        return text[..end].TrimEnd() + Ellipsis;
    }
}
