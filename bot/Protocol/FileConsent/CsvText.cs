using System.Globalization;
using System.Text;

namespace CxBot.Protocol.FileConsent;

/// <summary>
/// CSV for spreadsheets (RFC 4180, UTF-8 with a BOM for Excel). Text a spreadsheet would run as a formula
/// (starting with <c>= + - @</c>, tab or carriage return) is prefixed with <c>'</c>; a plain number ("-1.9") is left a number.
/// </summary>
internal static class CsvText
{
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows)
        {
            Line(csv, row);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append("\r\n");
    }

    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A negative number in invariant digits ("-1.9"): a spreadsheet reads it as a number, never as a formula.</summary>
    private static bool IsPlainNumber(string value) =>
        value[0] == '-' && value.Length > 1 && char.IsAsciiDigit(value[1])
        && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
