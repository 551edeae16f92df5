namespace Pandora.Cooking.Cook;

public sealed partial class Cooker
{
    /// <summary>Reads recording <paramref name="id"/> (packets only, nothing decoded) and says who spoke when, in
    /// <paramref name="slices"/> equal slices of its length.</summary>
    /// <exception cref="Raw.RawRecordingException">The recording is missing or its id is invalid.</exception>
    public Task<RecordingOverview> OverviewAsync(
        string directory,
        string id,
        int slices = 200,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slices, 10_000);
        return Task.Run(() => Overview(directory, id, slices, cancellationToken), cancellationToken);
    }

    private static RecordingOverview Overview(string directory, string id, int slices, CancellationToken ct)
    {
        Session session = Session.Load(directory, id, null);
        long length = Math.Max(1, session.Samples);
        var speakers = new List<SpeakerActivity>();
        foreach (Session.SessionTrack track in session.Tracks)
        {
            var active = new bool[slices];
            long packets = 0;
            foreach (Raw.RawAudioPacket packet in Session.PacketsOf(track))
            {
                ct.ThrowIfCancellationRequested();
                if (!TrackRenderer.TryPlace(packet, Raw.RawGranuleConvention.PacketEnd, out long start,
                        out int samples))
                {
                    continue;
                }

                packets++;
                long from = Math.Clamp(start * slices / length, 0, slices - 1);
                long to = Math.Clamp((start + samples - 1) * slices / length, 0, slices - 1);
                for (long s = from; s <= to; s++)
                {
                    active[s] = true;
                }
            }

            speakers.Add(new SpeakerActivity(track.Number, track.Name, active, packets));
        }

        return new RecordingOverview(session.Id, session.Info, session.Samples, speakers);
    }
}
