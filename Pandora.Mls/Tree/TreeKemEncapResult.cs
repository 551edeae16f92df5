using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

/// <summary>Output of <see cref="TreeKem.Encap"/>.</summary>
public sealed record TreeKemEncapResult(UpdatePath Path, byte[] LeafPrivateKey, TreeKemResult Result);
