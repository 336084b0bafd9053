using System.Globalization;
using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>Turns values into text the way JavaScript's <c>toString</c> does, so interpolated strings match the JS templating library.</summary>
internal static class JsText
{
    /// <summary>The text of a value inside a longer string.</summary>
    /// <exception cref="ExpressionException">For null or undefined: the JS library fails there too.</exception>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => Number(d),
        JsonObject => "[object Object]",
        JsonArray a => string.Join(',', a.Select(item => JsValues.FromNode(item) is { } v and not Undefined ? ToText(v) : "")),
        _ => throw new ExpressionException("a null value cannot be written into text"),
    };

    /// <summary>ECMAScript Number::toString: shortest round-trip digits, fixed notation from 1e-7 up to 1e21.</summary>
    public static string Number(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var sign = value < 0 ? "-" : "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture).Split('E');
        var mantissa = shortest[0].Split('.');
        var all = mantissa[0] + (mantissa.Length > 1 ? mantissa[1] : "");
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        var n = mantissa[0].Length - leadingZeros + (shortest.Length > 1 ? int.Parse(shortest[1], CultureInfo.InvariantCulture) : 0);
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        return sign + digits[0] + (k > 1 ? "." + digits[1..] : "") + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
