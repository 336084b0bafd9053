using System.Text;

namespace CxBot.Protocol.FileConsent;

/// <summary>
/// CSV for spreadsheets (RFC 4180, UTF-8 with a BOM for Excel). Text a spreadsheet would run as a formula
/// (starting with <c>= + - @</c>, tab or carriage return) is prefixed with <c>'</c>.
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
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
