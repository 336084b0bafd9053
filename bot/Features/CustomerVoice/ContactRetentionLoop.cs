using CxBot.Hosting;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// Deletes customers' contact details once <see cref="CustomerVoiceOptions.ContactRetention"/> has passed, every six hours. Every
/// instance may run it: each row is cleared with its ETag, so two sweeps at once clear it once.
/// </summary>
internal sealed class ContactRetentionLoop(SurveyAnswerStore answers, TimeProvider time, ILogger<ContactRetentionLoop> logger) : PeriodicService(time)
{
    private readonly TimeProvider _time = time;

    protected override TimeSpan Every => TimeSpan.FromHours(6);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var count = await answers.ForgetExpiredContactsAsync(_time.GetUtcNow(), cancellationToken);
        if (count > 0)
        {
            Log.ContactsForgotten(logger, count);
        }
    }

    protected override void OnFailed(Exception exception) => Log.StorageFailed(logger, exception is CxBot.Storage.TableStorageException t ? t.Status : 0);
}
