using System.Text.Json.Nodes;
using System.Threading.Channels;
using CxBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Routing;

/// <summary>Slow work handed off by a handler: it runs after the HTTP answer and reports back into <see cref="Target"/>.</summary>
internal sealed record BackgroundWork(string Name, ConversationTarget Target, Func<BackgroundTurn, CancellationToken, Task> Work);

/// <summary>Where handlers put slow work.</summary>
internal interface IBackgroundTurnQueue
{
    bool TryEnqueue(BackgroundWork work);
}

/// <summary>What background work can do: post into the conversation it came from.</summary>
public sealed class BackgroundTurn
{
    private readonly IConnectorClient _connector;

    internal BackgroundTurn(ConversationTarget target, IConnectorClient connector)
    {
        Target = target;
        _connector = connector;
    }

    /// <summary>The conversation the work came from.</summary>
    public ConversationTarget Target { get; }

    /// <summary>Posts an activity into that conversation.</summary>
    public Task<ConnectorResult<ResourceResponse>> SendAsync(Activity activity, CancellationToken cancellationToken) =>
        _connector.SendToConversationAsync(Target.ServiceUrl, Target.ConversationId, activity, cancellationToken);

    /// <summary>Posts text; the text is also its notification line (<c>summary</c>).</summary>
    public Task<ConnectorResult<ResourceResponse>> SendTextAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(Target.CreateMessage(text) with { Summary = text }, cancellationToken);

    /// <summary>Posts a card with its notification line (<paramref name="summary"/>: phones show it instead of "Sent a card").</summary>
    public Task<ConnectorResult<ResourceResponse>> SendCardAsync(JsonObject card, string summary, CancellationToken cancellationToken) =>
        SendAsync(Target.CreateMessage().WithCard(card) with { Summary = summary }, cancellationToken);
}

/// <summary>
/// A bounded in-process queue and the hosted service that drains it, each job under <see cref="BotOptions.BackgroundTimeout"/>.
/// A stop (a deploy, a scale-in) takes no new jobs but lets the queued and running ones finish while the host's stop allows
/// (<c>HostOptions.ShutdownTimeout</c>), so an answer already given ("your incident is logged") is not left without its delivery.
/// </summary>
internal sealed class BackgroundTurnQueue(IConnectorClient connector, IOptions<BotOptions> options, TimeProvider time, ILogger<BackgroundTurnQueue> logger)
    : BackgroundService, IBackgroundTurnQueue
{
    public const string FailureMessage = "Sorry, I could not finish that. Please try again in a moment.";
    private const int Parallelism = 4;

    // Wait, not DropWrite: with DropWrite a full channel's TryWrite drops the job yet answers true (dotnet/corefx#37447).
    private readonly Channel<BackgroundWork> _queue = Channel.CreateBounded<BackgroundWork>(new BoundedChannelOptions(options.Value.BackgroundQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly TimeSpan _timeout = options.Value.BackgroundTimeout;
    private volatile bool _stopping;

    public bool TryEnqueue(BackgroundWork work)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return true;
        }

        if (_stopping)
        {
            Log.BackgroundStopping(logger, work.Name);
        }
        else
        {
            Log.BackgroundQueueFull(logger, work.Name);
        }

        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (ExecuteTask is { IsCompleted: false } running)
        {
            // The loop ends by itself once the queue is empty and the last job is done; the host's stop token bounds the wait.
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
        if (_queue.Reader.Count > 0)
        {
            Log.BackgroundDropped(logger, _queue.Reader.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Parallel.ForEachAsync(_queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, RunAsync);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped (or the host disposed without a stop): not a failure, which the host would log and stop for.
        }
    }

    private async ValueTask RunAsync(BackgroundWork work, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        var turn = new BackgroundTurn(work.Target, connector);
        try
        {
            await work.Work(turn, linked.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested)
            {
                Log.BackgroundTimedOut(logger, work.Name, _timeout.TotalSeconds);
            }
            else
            {
                Log.BackgroundFailed(logger, work.Name, ex);
            }

            await ReportFailureAsync(turn, stoppingToken);
        }
    }

    private async Task ReportFailureAsync(BackgroundTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            await turn.SendTextAsync(FailureMessage, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or ServiceUrlNotAllowedException or OperationCanceledException)
        {
            Log.BackgroundReportFailed(logger, ex.GetType().Name);
        }
    }
}
