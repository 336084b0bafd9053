using CxBot.Features.CustomerVoice;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>Survey link tokens and form nonces: what is signed reads back; anything altered, truncated or signed with another key reads as nothing.</summary>
public sealed class SurveySigningTests
{
    private const string Key = "a-test-signing-key-of-at-least-32-characters";
    private static readonly SurveyTokenClaims Claims = new("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", "harbourside", "checkout", "AbCdEfGhIjKlMnOp");

    private static SurveySigning Signing(string? key = Key) => new(Options.Create(new CustomerVoiceOptions { SigningKey = key }));

    [Fact]
    public void Token_ReadBack_GivesTheSameTenantTeamTouchpointAndLink()
    {
        var token = Signing().Token(Claims);

        Assert.Equal(Claims, Signing().ReadToken(token));
        Assert.True(token.Length < 120, $"A token of {token.Length} characters makes a dense QR code.");
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Token_OfATenantThatIsNotAGuidOrTeamIdsWithAnyCharacters_ReadsBack()
    {
        var claims = new SurveyTokenClaims("contoso", "19:abc/def#?@thread.tacv2", "tp \u00e9\u00e8 \U0001F600", "id");

        Assert.Equal(claims, Signing().ReadToken(Signing().Token(claims)));
    }

    [Fact]
    public void Token_SignedWithAnotherKey_ReadsAsNothing()
    {
        var forged = Signing("another-key-that-is-also-32-characters-long").Token(Claims with { TeamId = "hilltop" });

        Assert.Null(Signing().ReadToken(forged));
    }

    [Fact]
    public void Token_WithAnotherTeamsPayloadAndTheOriginalSignature_ReadsAsNothing()
    {
        var mine = Signing().Token(Claims).Split('.');
        var theirs = Signing().Token(Claims with { TeamId = "hilltop" }).Split('.');

        Assert.Null(Signing().ReadToken(theirs[0] + "." + mine[1]));
        Assert.Null(Signing().ReadToken(mine[0] + "." + theirs[1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public void Token_WithOneCharacterChanged_ReadsAsNothing(int position)
    {
        var token = Signing().Token(Claims);
        var at = position < 0 ? token.Length - 1 : position;
        var altered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];

        Assert.Null(Signing().ReadToken(altered));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.def.ghi")]
    [InlineData("<script>.x")]
    public void Token_Malformed_ReadsAsNothing(string token) => Assert.Null(Signing().ReadToken(token));

    [Fact]
    public void Token_Truncated_ReadsAsNothing()
    {
        var token = Signing().Token(Claims);

        Assert.Null(Signing().ReadToken(token[..^3]));
    }

    [Fact]
    public void FormNonce_ReadsBackItsLinkAndTime_AndIsNeverATokenNorTheOtherWay()
    {
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var nonce = Signing().FormNonce("link-1", at);
        var again = Signing().FormNonce("link-1", at);

        var read = Signing().ReadFormNonce(nonce);
        Assert.Equal("link-1", read!.LinkId);
        Assert.Equal(at, read.IssuedAt);
        Assert.NotEqual(read.Id, Signing().ReadFormNonce(again)!.Id);
        Assert.Null(Signing().ReadToken(nonce));
        Assert.Null(Signing().ReadFormNonce(Signing().Token(Claims)));
        Assert.Null(Signing("another-key-that-is-also-32-characters-long").ReadFormNonce(nonce));
    }

    [Fact]
    public void NoKey_IssuesNothingAndReadsNothing()
    {
        var none = Signing(null);

        Assert.False(none.IsConfigured);
        Assert.Throws<InvalidOperationException>(() => none.Token(Claims));
        Assert.Null(none.ReadToken(Signing().Token(Claims)));
    }
}
