using Pandora.Emulator.Speech;

namespace Pandora.Emulator.Scenarios;

/// <summary>
/// Builds churn scenarios: two members talk on a loop the whole time while others join and leave the channel one
/// change at a time, so that (with DAVE) every change is a new epoch: proposals, a commit, welcomes, a transition.
/// </summary>
public static class ChurnScenario
{
    private const ulong Alice = 1180000000000000201, Bob = 1180000000000000202;

    private static readonly ulong[] s_churners =
    [
        1180000000000000203, 1180000000000000204, 1180000000000000205, 1180000000000000206,
    ];

    /// <summary>
    /// Alice (requester) and Bob are in voice from the start and alternate their clips with short overlaps for
    /// <paramref name="length"/>; every <paramref name="every"/> one of four more members joins or leaves (at
    /// most three of them in at once). A member who stays long enough says one clip two seconds after joining.
    /// The end command comes one second after the last change.
    /// </summary>
    public static Scenario Create(TimeSpan length, TimeSpan every)
    {
        var members = new List<ScenarioMember>
        {
            new(Alice, "alice", "en-gb+f3", InVoiceAtStart: true),
            new(Bob, "bob", "en-us+m3", InVoiceAtStart: true),
        };
        members.AddRange(s_churners.Select((id, i) => new ScenarioMember(id, $"churner{i + 1}", "en+m7")));
        var utterances = Talk(Alice, "alice", TimeSpan.FromSeconds(0.5), length)
            .Concat(Talk(Bob, "bob", TimeSpan.FromSeconds(2.0), length)).ToList();
        var joins = new List<ScenarioJoin>();
        var leaves = new List<ScenarioLeave>();
        var inside = new Queue<ulong>();
        var next = 0;
        var changes = (int)(length / every);
        for (var i = 1; i <= changes; i++)
        {
            var at = every * i;

            // Join while fewer than three are in (then leave the longest present), so the group grows and shrinks.
            if (inside.Count < 3 && (i % 4 != 0 || inside.Count == 0))
            {
                var id = s_churners[next++ % s_churners.Length];
                while (inside.Contains(id))
                {
                    id = s_churners[next++ % s_churners.Length];
                }

                inside.Enqueue(id);
                joins.Add(new ScenarioJoin(id, at));
                if (at + every + every < length)
                {
                    utterances.Add(new ScenarioUtterance(id, $"carol-{(i % 3) + 1}", at + TimeSpan.FromSeconds(2)));
                }
            }
            else
            {
                leaves.Add(new ScenarioLeave(inside.Dequeue(), at));
            }
        }

        return new Scenario
        {
            Members = members,
            RequesterId = Alice,
            Joins = joins,
            Leaves = leaves,
            Utterances = utterances,
            EndAt = length + TimeSpan.FromSeconds(1),
            BotTimeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>One member's clips back to back with a 1.5 s pause, from <paramref name="start"/> to the end.</summary>
    private static IEnumerable<ScenarioUtterance> Talk(ulong userId, string voice, TimeSpan start, TimeSpan length)
    {
        var at = start;
        for (var i = 0; ; i++)
        {
            var clip = $"{voice}-{(i % 3) + 1}";
            var duration = SpeechClip.Load(clip).Duration;
            if (at + duration > length)
            {
                yield break;
            }

            yield return new ScenarioUtterance(userId, clip, at);
            at += duration + TimeSpan.FromSeconds(1.5);
        }
    }
}
