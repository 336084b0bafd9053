using System.Buffers;
using System.Text.Json;
using CxBot.Protocol.Auth;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol;

/// <summary><c>POST /api/messages</c>: authenticate, read (capped), authorise against the activity, check its service URL, record the reference, route, answer.</summary>
internal sealed class MessagesEndpoint(
    ChannelAuthenticator authenticator,
    ActivityRouter router,
    ReferenceRecorder references,
    IEnumerable<IActivityObserver> observers,
    IConnectorClient connector,
    IBackgroundTurnQueue background,
    ServiceUrlPolicy serviceUrls,
    TurnMetrics metrics,
    IOptions<BotOptions> options,
    ILogger<MessagesEndpoint> logger)
{
    /// <summary>The longest tenant or Entra object id accepted (they are GUIDs; some room for other spellings).</summary>
    public const int MaxTenantIdLength = 64;

    /// <summary>The longest conversation, user, team or channel id (and service URL) accepted.</summary>
    public const int MaxIdLength = 256;

    /// <summary>What the user is told when storage fails during their turn.</summary>
    public const string StorageUnavailableMessage = "Sorry, I can't save or look things up right now, so nothing was changed. Please try again in a minute.";

    private readonly IActivityObserver[] _observers = [.. observers];
    private readonly bool _localMode = options.Value.IsLocalMode;
    private readonly int _maxBody = options.Value.MaxRequestBodyBytes;

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        ChannelAuthResult? auth = null;
        if (!_localMode)
        {
            auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, cancellationToken);
            if (!auth.Succeeded)
            {
                http.Response.StatusCode = auth.Status;
                return;
            }
        }

        var (activity, status) = await ReadAsync(http.Request, cancellationToken);
        if (activity is null)
        {
            http.Response.StatusCode = status;
            return;
        }

        if (auth is not null)
        {
            var check = await authenticator.AuthorizeAsync(auth, activity, cancellationToken);
            if (!check.Succeeded)
            {
                http.Response.StatusCode = check.Status;
                return;
            }
        }

        if (!serviceUrls.IsAllowed(activity.ServiceUrl))
        {
            // Nothing could be sent back there, and a reference to it must never be stored.
            Log.ServiceUrlRefused(logger);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Log.ActivityReceived(logger, activity.Type ?? "", activity.Name ?? "");
        await ObserveAsync(activity, cancellationToken);

        var turn = new TurnContext(activity, connector, work => http.Response.OnCompleted(() =>
        {
            background.TryEnqueue(work);
            return Task.CompletedTask;
        }), cancellationToken);
        var answer = await RouteAsync(turn, activity);

        if (answer is null)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        http.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(http.Response.Body, answer.Body, ProtocolJson.Default.JsonNode, cancellationToken);
        }
    }

    /// <summary>
    /// Records the reference and lets every observer see the activity, all at once: they write to different tables and none
    /// reads what another writes, so a turn waits for the slowest write instead of their sum (an install storm makes every
    /// turn a first activity, with a write each).
    /// </summary>
    private Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (_observers.Length == 0)
        {
            return references.ObserveAsync(activity, cancellationToken);
        }

        var all = new Task[_observers.Length + 1];
        all[0] = references.ObserveAsync(activity, cancellationToken);
        for (var i = 0; i < _observers.Length; i++)
        {
            all[i + 1] = _observers[i].ObserveAsync(activity, cancellationToken);
        }

        return Task.WhenAll(all);
    }

    /// <summary>
    /// Routes the turn. Storage failing (down, timing out) is answered with a friendly "try again" (nothing was acknowledged,
    /// so nothing is lost) instead of a 500; a reply the connector refused is logged, and the turn still answers 200.
    /// </summary>
    private async Task<InvokeResponse?> RouteAsync(TurnContext turn, Activity activity)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = TurnOutcomes.Error;
        try
        {
            var answer = await router.RouteAsync(turn);
            outcome = TurnOutcomes.Ok;
            return answer;
        }
        catch (TableStorageException ex) when (!turn.CancellationToken.IsCancellationRequested)
        {
            outcome = TurnOutcomes.StorageUnavailable;
            Log.TurnStorageFailed(logger, activity.Type ?? "", activity.Name ?? "", ex.Status, ex.ErrorCode);
            return await TellStorageUnavailableAsync(turn);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or Polly.Timeout.TimeoutRejectedException && !turn.CancellationToken.IsCancellationRequested)
        {
            // Retries are spent (or a timed-out post must not be repeated): there is nothing more this turn can do.
            outcome = TurnOutcomes.ReplyFailed;
            var (status, code) = ex is ConnectorException refused ? (refused.Status, refused.ErrorCode) : (0, ex.GetType().Name);
            Log.TurnReplyFailed(logger, activity.Type ?? "", activity.Name ?? "", status, code);
            return turn.InvokeResponse ?? (activity.Type == ActivityTypes.Invoke ? new InvokeResponse(StatusCodes.Status200OK, null) : null);
        }
        finally
        {
            metrics.Turn(activity, outcome == TurnOutcomes.Error && turn.CancellationToken.IsCancellationRequested ? TurnOutcomes.Cancelled : outcome, started);
        }
    }

    private async Task<InvokeResponse?> TellStorageUnavailableAsync(TurnContext turn)
    {
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            // A message answer leaves the user's card as it was, so pressing again later resends the same input.
            return InvokeResponse.Message(StorageUnavailableMessage);
        }

        try
        {
            await turn.ReplyAsync(StorageUnavailableMessage);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or ServiceUrlNotAllowedException)
        {
            Log.TurnNoticeFailed(logger, ex.GetType().Name);
        }

        return null;
    }

    /// <summary>
    /// Identifiers end up in table keys and connector URLs: Teams' are short (tenant ids are GUIDs, conversation ids a few
    /// hundred characters at most), never blank and printable (<see cref="PlausibleIds"/>), so any other is refused before it
    /// reaches a feature. Every activity Teams sends names its conversation and service URL, which any reply needs; one made
    /// only of dots would be a dot segment in a connector URL (<c>..</c> turns <c>v3/conversations/../activities</c> into <c>v3/activities</c>).
    /// </summary>
    private bool HasPlausibleIds(Activity activity)
    {
        if (activity.Conversation?.Id is null || activity.ServiceUrl is null)
        {
            Log.ActivityIdMissing(logger, activity.Conversation?.Id is null ? "conversation id" : "serviceUrl");
            return false;
        }

        ReadOnlySpan<(string Field, string? Value, int Max, bool Guid)> ids =
        [
            ("tenant", activity.Conversation?.TenantId, MaxTenantIdLength, true),
            ("channelData.tenant", activity.ChannelData?.Tenant?.Id, MaxTenantIdLength, true),
            ("conversation", activity.Conversation?.Id, MaxIdLength, false),
            ("from", activity.From?.Id, MaxIdLength, false),
            ("from.aadObjectId", activity.From?.AadObjectId, MaxTenantIdLength, true),
            ("recipient", activity.Recipient?.Id, MaxIdLength, false),
            ("team", activity.ChannelData?.Team?.Id, MaxIdLength, false),
            ("channel", activity.ChannelData?.Channel?.Id, MaxIdLength, false),
            ("serviceUrl", activity.ServiceUrl, MaxIdLength, false),
            ("id", activity.Id, MaxIdLength, false),
            ("replyToId", activity.ReplyToId, MaxIdLength, false),
        ];
        foreach (var (field, value, max, guid) in ids)
        {
            if (value is not null && (!(guid ? PlausibleIds.IsGuidLike(value, max) : PlausibleIds.IsPrintable(value, max)) || ConnectorPaths.IsDotSegment(value)))
            {
                Log.ActivityIdRefused(logger, field, value.Length);
                return false;
            }
        }

        return true;
    }

    private async Task<(Activity? Activity, int Status)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _maxBody)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_maxBody + 1, (int?)request.ContentLength + 1 ?? 16 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > _maxBody)
                    {
                        return (null, StatusCodes.Status413PayloadTooLarge);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxBody + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > _maxBody)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            var body = WireJsonCheck.WithoutBom(buffer.AsSpan(0, length));
            if (!WireJsonCheck.IsAcceptable(body))
            {
                Log.ActivityJsonRefused(logger);
                return (null, StatusCodes.Status400BadRequest);
            }

            var activity = JsonSerializer.Deserialize(body, ProtocolJson.Default.Activity);
            return activity?.Type is null || !HasPlausibleIds(activity) ? (null, StatusCodes.Status400BadRequest) : (activity, StatusCodes.Status200OK);
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
