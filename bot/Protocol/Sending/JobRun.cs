namespace CxBot.Protocol.Sending;

/// <summary>
/// One job as the lease holder carries it: the rows still to send (in memory, read once at take-up), the counts, and the
/// progress card's state. Thread-safe: the tenant loop takes rows, send tasks put them back or count them.
/// </summary>
internal sealed class JobRun(SendJob job, DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<RecipientRow> _pending = new();
    private int _sent = job.Counts.Sent;
    private int _unreachable = job.Counts.Unreachable;
    private int _failed = job.Counts.Failed;
    private int _uncertain;
    private int _inFlight;
    private int _sentHere;

    public SendJob Job { get; } = job;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string? ProgressActivityId { get; set; } = job.ProgressActivityId;

    public JobCounts? LastReported { get; set; }

    public Task ProgressTask { get; set; } = Task.CompletedTask;

    public DateTimeOffset NextProgress { get; set; }

    /// <summary>Sent by this run (for the achieved rate and the ETA).</summary>
    public int SentHere => Volatile.Read(ref _sentHere);

    /// <summary>Starts from a fresh count of the rows (the job row's counts may lag after a crash).</summary>
    public void Reset(int sent, int unreachable, int failed, int uncertain, IEnumerable<RecipientRow> pending)
    {
        lock (_gate)
        {
            (_sent, _unreachable, _failed, _uncertain) = (sent, unreachable, failed, uncertain);
            foreach (var row in pending)
            {
                _pending.AddLast(row);
            }
        }
    }

    public JobCounts Counts
    {
        get
        {
            lock (_gate)
            {
                return new JobCounts(_sent, _unreachable, _failed, _uncertain);
            }
        }
    }

    /// <summary>True when nothing is pending or in flight.</summary>
    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0 && _inFlight == 0;
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + _inFlight;
            }
        }
    }

    /// <summary>The first row due now (marked in flight in memory), or null; <paramref name="nextDue"/> says when the next one is.</summary>
    public RecipientRow? TryTake(DateTimeOffset now, out DateTimeOffset? nextDue)
    {
        lock (_gate)
        {
            nextDue = null;
            for (var node = _pending.First; node is not null; node = node.Next)
            {
                if (node.Value.NotBefore <= now)
                {
                    _pending.Remove(node);
                    _inFlight++;
                    return node.Value;
                }

                nextDue = nextDue is { } d && d < node.Value.NotBefore ? d : node.Value.NotBefore;
            }

            return null;
        }
    }

    /// <summary>Puts a taken row back (at the front: it keeps its turn unless it has a back-off).</summary>
    public void PutBack(RecipientRow row)
    {
        lock (_gate)
        {
            _inFlight--;
            _pending.AddFirst(row);
        }
    }

    /// <summary>A taken row reached a final state.</summary>
    public void Finish(RecipientRow row)
    {
        lock (_gate)
        {
            _inFlight--;
            switch (row.State)
            {
                case RowStates.Sent:
                    _sent++;
                    _sentHere++;
                    break;
                case RowStates.Unreachable:
                    _unreachable++;
                    break;
                case RowStates.Failed:
                    _failed++;
                    break;
            }
        }
    }

    /// <summary>A row whose outcome was unknown is about to be sent again.</summary>
    public void CountUncertain()
    {
        lock (_gate)
        {
            _uncertain++;
        }
    }
}
