using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>What a survey link's token names: the tenant, the team, the touchpoint and the link (whose stored state says whether it still works).</summary>
internal sealed record SurveyTokenClaims(string TenantId, string TeamId, string TouchpointId, string LinkId);

/// <summary>What a survey form's hidden nonce names: its link, its own id (one answer per id) and when the form was drawn.</summary>
internal sealed record SurveyFormNonce(string LinkId, string Id, DateTimeOffset IssuedAt);

/// <summary>
/// Signs and reads survey link tokens and form nonces with HMAC-SHA256 under <c>CustomerVoice:SigningKey</c> (two keys derived from
/// it, so a nonce can never pass as a token). A token is <c>payload.signature</c> in base64url, the signature cut to 128 bits;
/// anything altered, truncated or signed with another key reads as nothing. The key is never logged or shown.
/// </summary>
internal sealed class SurveySigning
{
    private const int MacBytes = 16;
    private const byte GuidTenant = 1;
    private const byte TextTenant = 2;
    private const byte FormVersion = 1;
    private readonly byte[]? _linkKey;
    private readonly byte[]? _formKey;

    public SurveySigning(IOptions<CustomerVoiceOptions> options)
    {
        if (options.Value.SigningKey is { Length: > 0 } key)
        {
            var secret = Encoding.UTF8.GetBytes(key.Trim());
            _linkKey = HMACSHA256.HashData(secret, "cxbot survey link"u8);
            _formKey = HMACSHA256.HashData(secret, "cxbot survey form"u8);
        }
    }

    /// <summary>False when no key is configured: then no link can be issued or read.</summary>
    public bool IsConfigured => _linkKey is not null;

    /// <summary>A fresh link id: 96 random bits, base64url.</summary>
    public static string NewId(int bytes = 12) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    /// <exception cref="InvalidOperationException">No signing key is configured.</exception>
    public string Token(SurveyTokenClaims claims)
    {
        var key = _linkKey ?? throw new InvalidOperationException("CustomerVoice:SigningKey is not set, so survey links cannot be signed.");
        var payload = new List<byte>();
        if (Guid.TryParse(claims.TenantId, out var tenant) && tenant.ToString() == claims.TenantId)
        {
            payload.Add(GuidTenant);
            payload.AddRange(tenant.ToByteArray());
        }
        else
        {
            payload.Add(TextTenant);
            Field(payload, claims.TenantId);
        }

        Field(payload, claims.TeamId);
        Field(payload, claims.TouchpointId);
        Field(payload, claims.LinkId);
        return Sign(key, [.. payload]);
    }

    /// <summary>The claims of a token this deployment signed; null for anything else (altered, forged, truncated, another key's).</summary>
    public SurveyTokenClaims? ReadToken(string? token)
    {
        if (_linkKey is null || Verify(_linkKey, token) is not { } payload || payload.Length == 0)
        {
            return null;
        }

        var at = 1;
        string? tenant;
        if (payload[0] == GuidTenant && payload.Length >= 17)
        {
            tenant = new Guid(payload.AsSpan(1, 16)).ToString();
            at = 17;
        }
        else if (payload[0] == TextTenant)
        {
            tenant = ReadField(payload, ref at);
        }
        else
        {
            return null;
        }

        var team = ReadField(payload, ref at);
        var touchpoint = ReadField(payload, ref at);
        var link = ReadField(payload, ref at);
        return tenant is null || team is null || touchpoint is null || link is null || at != payload.Length ? null
            : new SurveyTokenClaims(tenant, team, touchpoint, link);
    }

    /// <summary>A signed nonce for one survey form of <paramref name="linkId"/>, drawn at <paramref name="at"/>.</summary>
    public string FormNonce(string linkId, DateTimeOffset at)
    {
        var key = _formKey ?? throw new InvalidOperationException("CustomerVoice:SigningKey is not set.");
        var payload = new List<byte> { FormVersion };
        payload.AddRange(RandomNumberGenerator.GetBytes(16));
        var seconds = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seconds, at.ToUnixTimeSeconds());
        payload.AddRange(seconds);
        Field(payload, linkId);
        return Sign(key, [.. payload]);
    }

    /// <summary>The nonce's content when this deployment signed it; null otherwise.</summary>
    public SurveyFormNonce? ReadFormNonce(string? nonce)
    {
        if (_formKey is null || Verify(_formKey, nonce) is not { Length: > 25 } payload || payload[0] != FormVersion)
        {
            return null;
        }

        var id = Base64Url(payload.AsSpan(1, 16));
        var issued = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17, 8));
        var at = 25;
        var link = ReadField(payload, ref at);
        return link is null || at != payload.Length || issued < 0 || issued > 253402300799 ? null
            : new SurveyFormNonce(link, id, DateTimeOffset.FromUnixTimeSeconds(issued));
    }

    private static string Sign(byte[] key, byte[] payload) =>
        Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(key, payload).AsSpan(0, MacBytes));

    private static byte[]? Verify(byte[] key, string? token)
    {
        if (token is not { Length: > 0 and <= 1024 } || token.Split('.') is not [var body, var mac]
            || FromBase64Url(body) is not { } payload || FromBase64Url(mac) is not { Length: MacBytes } given)
        {
            return null;
        }

        var expected = HMACSHA256.HashData(key, payload).AsSpan(0, MacBytes);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? payload : null;
    }

    private static void Field(List<byte> payload, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > 255)
        {
            throw new ArgumentException("A survey link field is longer than 255 bytes.", nameof(value));
        }

        payload.Add((byte)bytes.Length);
        payload.AddRange(bytes);
    }

    private static string? ReadField(byte[] payload, ref int at)
    {
        if (at >= payload.Length || at + 1 + payload[at] > payload.Length)
        {
            return null;
        }

        var length = payload[at];
        try
        {
            var text = new UTF8Encoding(false, true).GetString(payload, at + 1, length);
            at += 1 + length;
            return text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            // Only the canonical spelling: unused low bits of the last character set would make two spellings of one token.
            var bytes = Convert.FromBase64String(padded);
            return Base64Url(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
