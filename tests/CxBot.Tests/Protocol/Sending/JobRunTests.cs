using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>A job run while its rows are still being read: counts grow as rows come, and it cannot finish early.</summary>
public sealed class JobRunTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsFinished_FirstPageSentRestNotRead_FalseUntilLoaded()
    {
        var run = new JobRun(Job(total: 3, stored: new JobCounts(0, 0, 0, 0)), Start);
        run.Add(Row(0, RowStates.Pending));

        var row = run.TryTake(Start, out _)!;
        row.State = RowStates.Sent;
        run.Finish(row);
        var beforeLoaded = run.IsFinished;
        run.Add(Row(1, RowStates.Sent));
        run.Add(Row(2, RowStates.Unreachable));
        run.Loaded();

        Assert.False(beforeLoaded);
        Assert.True(run.IsFinished);
        Assert.Equal(new JobCounts(2, 1, 0, 0), run.Counts);
    }

    [Fact]
    public void Add_RowsReadLater_CountedAsTheyCome()
    {
        var run = new JobRun(Job(total: 4, stored: new JobCounts(0, 0, 0, 0)), Start);

        Assert.True(run.Add(Row(0, RowStates.Pending)));
        Assert.False(run.Add(Row(1, RowStates.Failed)));
        Assert.True(run.Add(Row(2, RowStates.Pending, uncertain: true)));
        Assert.False(run.Add(Row(3, RowStates.Sent, uncertain: true)));

        Assert.Equal(new JobCounts(1, 0, 1, 2), run.Counts);
        Assert.Equal(2, run.PendingCount);
    }

    [Fact]
    public void MayReport_TakenOverJobStillLoading_OnlyOnceNoCountIsBelowTheJobRow()
    {
        var run = new JobRun(Job(total: 3, stored: new JobCounts(2, 0, 0, 0)), Start);
        run.Add(Row(0, RowStates.Sent));
        var oneOfTwo = run.MayReport;
        run.Add(Row(1, RowStates.Sent));
        var twoOfTwo = run.MayReport;

        Assert.False(oneOfTwo);
        Assert.True(twoOfTwo);
        Assert.True(new JobRun(Job(total: 3, stored: new JobCounts(0, 0, 0, 0)), Start).MayReport);
    }

    [Fact]
    public void PendingCount_StillLoading_CountsRowsNotReadYet()
    {
        var run = new JobRun(Job(total: 10, stored: new JobCounts(0, 0, 0, 0)), Start);
        run.Add(Row(0, RowStates.Sent));
        run.Add(Row(1, RowStates.Pending));

        Assert.Equal(9, run.PendingCount);
        run.Loaded();
        Assert.Equal(1, run.PendingCount);
    }

    private static SendJob Job(int total, JobCounts stored) =>
        new("tenant", "job", "Label", JobStates.Ready, total, new Activity { Type = ActivityTypes.Message }, null, null, stored, Start, null);

    private static RecipientRow Row(int index, string state, bool uncertain = false) => new()
    {
        PartitionKey = "tenant|job|00000",
        RowKey = index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        Index = index,
        Target = ProactiveTarget.User("tenant", "u" + index),
        State = state,
        Uncertain = uncertain,
    };
}
