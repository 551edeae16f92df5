using BenchmarkDotNet.Attributes;
using Pandora.Mls.Codec;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Benchmarks;

/// <summary>
/// MLS costs for a DAVE-sized group of 25: the committer's work for one Add with an update path and its
/// Welcome, and the newcomer's work to join from that Welcome. Each commit is discarded afterwards so every
/// iteration starts from the same epoch.
/// </summary>
[MemoryDiagnoser]
public class MlsGroupBenchmarks
{
    private const int Members = 25;
    private static readonly byte[] s_groupId = [0x0c, 0xde, 0x77, 0xea, 0xdc, 0x82, 0x30, 0x33];

    private MlsGroup _committer = null!;
    private KeyPackageBundle _joiner = null!;
    private byte[] _welcome = [];

    [GlobalSetup]
    public void Setup()
    {
        _committer = MlsGroup.Create(s_groupId, Bundle(0));
        var others = Enumerable.Range(1, Members - 1).Select(i => Bundle((ulong)i)).ToList();
        var output = _committer.Commit([.. others.Select(b => Proposal.CreateAdd(b.KeyPackage))]);
        _committer.MergePendingCommit();

        _joiner = Bundle(1000);
        var add = _committer.Commit([Proposal.CreateAdd(_joiner.KeyPackage)], new CommitOptions(ForcePath: true));
        _welcome = add.Welcome!.Encode();
        _committer.DiscardPendingCommit();
        _ = output;
    }

    /// <summary>One Add committed with an update path, and the Welcome for the newcomer.</summary>
    [Benchmark]
    public int CommitAddWithPathAndWelcome()
    {
        var output = _committer.Commit([Proposal.CreateAdd(_joiner.KeyPackage)], new CommitOptions(ForcePath: true));
        _committer.DiscardPendingCommit();
        return output.Welcome!.Encode().Length;
    }

    /// <summary>The newcomer's side: decrypt the Welcome, check the tree and the GroupInfo, derive the epoch.</summary>
    [Benchmark]
    public ulong JoinFromWelcome()
    {
        var welcome = TlsReader.DecodeAll(_welcome, Welcome.Read);
        return MlsGroup.Join(welcome, _joiner).Epoch;
    }

    private static KeyPackageBundle Bundle(ulong user)
    {
        var identity = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(identity, user);
        return KeyPackageBundle.Create(identity);
    }
}
