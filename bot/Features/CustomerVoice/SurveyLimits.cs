using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// Sliding-window limits on survey pages and answers, per client and per link, held in this instance's memory: a burst of
/// automated answers gets 429 before anything is read or stored. A client is known only by a hash of its network address under
/// a salt made at start and never written anywhere, so neither the address nor its hash is stored or logged, and the hash means
/// nothing after a restart. Per instance: with N instances a client may reach N times the limit.
/// </summary>
internal sealed class SurveyLimits : IDisposable
{
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly PartitionedRateLimiter<string> _pages;
    private readonly PartitionedRateLimiter<string> _clientAnswers;
    private readonly PartitionedRateLimiter<string> _linkAnswers;

    public SurveyLimits(IOptions<CustomerVoiceOptions> options)
    {
        var o = options.Value;
        _pages = Create(o.PagesPerClient, o.LimitWindow);
        _clientAnswers = Create(o.AnswersPerClient, o.LimitWindow);
        _linkAnswers = Create(o.AnswersPerLink, o.LimitWindow);
    }

    /// <summary>True when the client may open one more page.</summary>
    public bool TryPage(IPAddress? client) => Take(_pages, ClientKey(client));

    /// <summary>True when the client may send one more answer.</summary>
    public bool TryAnswerFromClient(IPAddress? client) => Take(_clientAnswers, ClientKey(client));

    /// <summary>True when the link may take one more answer.</summary>
    public bool TryAnswerForLink(string linkId) => Take(_linkAnswers, linkId);

    public void Dispose()
    {
        _pages.Dispose();
        _clientAnswers.Dispose();
        _linkAnswers.Dispose();
    }

    private static bool Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    private string ClientKey(IPAddress? client) =>
        Convert.ToHexString(HMACSHA256.HashData(_salt, (client?.MapToIPv6() ?? IPAddress.IPv6None).GetAddressBytes()).AsSpan(0, 16));

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 10,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
