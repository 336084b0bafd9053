using System.Buffers;
using System.Text.Json;
using CxBot.Hosting;
using CxBot.Protocol.Auth;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol;

/// <summary><c>POST /api/messages</c>: authenticate, read (capped), authorise against the activity, check its service URL, record the reference, route, answer.</summary>
internal sealed class MessagesEndpoint(
    ChannelAuthenticator authenticator,
    ActivityRouter router,
    ReferenceRecorder references,
    IConnectorClient connector,
    IBackgroundTurnQueue background,
    ServiceUrlPolicy serviceUrls,
    IOptions<BotOptions> options,
    ILogger<MessagesEndpoint> logger)
{
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
        await references.ObserveAsync(activity, cancellationToken);
        var turn = new TurnContext(activity, connector, work => http.Response.OnCompleted(() =>
        {
            background.TryEnqueue(work);
            return Task.CompletedTask;
        }), cancellationToken);
        var answer = await router.RouteAsync(turn);

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

            var activity = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ProtocolJson.Default.Activity);
            return activity?.Type is null ? (null, StatusCodes.Status400BadRequest) : (activity, StatusCodes.Status200OK);
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
