using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Protocol.Auth;

/// <summary>What inbound authentication decided: 200 (go on), 401 or 403, and the token's facts for the activity checks.</summary>
internal sealed record ChannelAuthResult(int Status, string? KeyId = null, string? ServiceUrlClaim = null, string? Reason = null)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;
}

/// <summary>Validates the channel's JWT (platform.md §1): algorithm, issuer, audience, lifetime, signature, endorsement, serviceurl.</summary>
internal sealed class ChannelAuthenticator(OpenIdKeyManager keys, IOptions<BotOptions> options, TimeProvider time, ILogger<ChannelAuthenticator> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly BotOptions _options = options.Value;

    /// <summary>Checks the <c>Authorization</c> header alone: 200 or 401.</summary>
    public async Task<ChannelAuthResult> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || authorization.Length <= Bearer.Length)
        {
            return Fail(StatusCodes.Status401Unauthorized, "missing bearer token");
        }

        var token = authorization[Bearer.Length..].Trim();
        ChannelSigningKeys signingKeys;
        try
        {
            signingKeys = await keys.GetAsync(cancellationToken);
        }
        catch (SecurityTokenException)
        {
            return Fail(StatusCodes.Status401Unauthorized, "signing keys unavailable");
        }

        var result = await ValidateAsync(token, signingKeys);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && !signingKeys.HasKey(KeyIdOf(token)))
        {
            signingKeys = await keys.RefreshForUnknownKeyAsync(cancellationToken);
            result = await ValidateAsync(token, signingKeys);
        }

        if (!result.IsValid)
        {
            return Fail(StatusCodes.Status401Unauthorized, result.Exception?.GetType().Name ?? "invalid token");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var serviceUrl = jwt.TryGetPayloadValue<string>("serviceurl", out var claim) ? claim : null;
        return new ChannelAuthResult(StatusCodes.Status200OK, jwt.Kid, serviceUrl);
    }

    /// <summary>Checks a validated token against the activity it carried: 200 or 403.</summary>
    public async Task<ChannelAuthResult> AuthorizeAsync(ChannelAuthResult token, Activity activity, CancellationToken cancellationToken)
    {
        var signingKeys = await keys.GetAsync(cancellationToken);
        if (!signingKeys.IsEndorsed(token.KeyId, activity.ChannelId))
        {
            return Fail(StatusCodes.Status403Forbidden, "signing key not endorsed for the activity's channel");
        }

        if (token.ServiceUrlClaim is null || !string.Equals(token.ServiceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status403Forbidden, "serviceurl claim does not match the activity");
        }

        return token;
    }

    private Task<TokenValidationResult> ValidateAsync(string token, ChannelSigningKeys signingKeys) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.TokenIssuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = signingKeys.Keys,
            ValidAlgorithms = Algorithms,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = LifetimeHolds,
        });

    private bool LifetimeHolds(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
    }

    private static string? KeyIdOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private ChannelAuthResult Fail(int status, string reason)
    {
        Log.AuthRejected(logger, status, reason);
        return new ChannelAuthResult(status, Reason: reason);
    }
}
