namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The headers of every survey page: a Content-Security-Policy that allows no script and only the page's own style (by hash),
/// posts only to itself and cannot be framed; no sniffing, no referrer, no caching (a form carries a one-time nonce); HSTS over https.
/// </summary>
internal static class SurveyHeaders
{
    public static readonly string Policy =
        $"default-src 'none'; style-src {SurveyPage.StyleHash}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        if (http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }
}
