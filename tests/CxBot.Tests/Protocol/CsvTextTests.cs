using CxBot.Protocol.FileConsent;

namespace CxBot.Tests.Protocol;

/// <summary>CSV fields: formulas defused with a leading ', plain negative numbers left numbers, quoting per RFC 4180.</summary>
public sealed class CsvTextTests
{
    [Theory]
    [InlineData("-1.9", "-1.9")]
    [InlineData("-12", "-12")]
    [InlineData("4.5", "4.5")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("-A1", "'-A1")]
    [InlineData("-", "'-")]
    [InlineData("-1e5", "'-1e5")]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+44 20 7946 0000", "'+44 20 7946 0000")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("a, \"b\"", "\"a, \"\"b\"\"\"")]
    public void Field_DefusesFormulasButKeepsNegativeNumbers(string value, string written) => Assert.Equal(written, CsvText.Field(value));
}
