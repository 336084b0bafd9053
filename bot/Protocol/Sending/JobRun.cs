namespace CxBot.Protocol.Sending;

/// <summary>
/// One job as the lease holder carries it: the rows still to send (in memory, added as they are read, while the rows
/// read so far are already being sent), the counts, and the progress card's state. Thread-safe: the loader adds rows,
/// the tenant loop takes them, send tasks put them back or count them; each change calls <paramref name="changed"/>, so
/// the tenant loop, when it has nothing to do, wakes at once.
/// </summary>
internal sealed class JobRun(SendJob job, DateTimeOffset startedAt, Action? changed = null)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<RecipientRow> _pending = new();

    // Counted from the rows as they are read (the job row's counts may lag after a crash).
    private int _sent;
    private int _unreachable;
    private int _failed;
    private int _uncertain;
    private int _inFlight;
    private int _sentHere;
    private bool _loaded;

    public SendJob Job { get; } = job;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string? ProgressActivityId { get; set; } = job.ProgressActivityId;

    public JobCounts? LastReported { get; set; }

    public Task ProgressTask { get; set; } = Task.CompletedTask;

    public DateTimeOffset NextProgress { get; set; }

    /// <summary>Sent by this run (for the achieved rate and the ETA).</summary>
    public int SentHere => Volatile.Read(ref _sentHere);

    /// <summary>True once every row of the job was read.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _loaded;
            }
        }
    }

    /// <summary>
    /// True when the counts may be saved and shown: every row was read, or (still reading) no count is below what the job
    /// row already holds, so a report never goes backwards (a new job's counts are right from the first row).
    /// </summary>
    public bool MayReport
    {
        get
        {
            lock (_gate)
            {
                var stored = Job.Counts;
                return _loaded || (_sent >= stored.Sent && _unreachable >= stored.Unreachable && _failed >= stored.Failed && _uncertain >= stored.Uncertain);
            }
        }
    }

    /// <summary>Adds one row as read: counted when settled, queued to send otherwise. True when queued.</summary>
    public bool Add(RecipientRow row)
    {
        lock (_gate)
        {
            _uncertain += row.Uncertain ? 1 : 0;
            switch (row.State)
            {
                case RowStates.Sent: _sent++; return false;
                case RowStates.Unreachable: _unreachable++; return false;
                case RowStates.Failed: _failed++; return false;
                default: _pending.AddLast(row); break;
            }
        }

        changed?.Invoke();
        return true;
    }

    /// <summary>Every row was read: the job can finish once nothing is pending or in flight.</summary>
    public void Loaded()
    {
        lock (_gate)
        {
            _loaded = true;
        }

        changed?.Invoke();
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

    /// <summary>True when every row was read and nothing is pending or in flight.</summary>
    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _loaded && _pending.Count == 0 && _inFlight == 0;
            }
        }
    }

    /// <summary>Rows pending or in flight among those read (the ETA; rows not read yet are added as they come).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _loaded ? _pending.Count + _inFlight : Math.Max(_pending.Count + _inFlight, Job.Total - _sent - _unreachable - _failed);
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

        changed?.Invoke();
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

        changed?.Invoke();
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
