using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Messages;
using Pandora.Mls.Tree;

namespace Pandora.Tests.Mls;

public sealed class CodecVectorTests
{
    [Fact]
    public void Deserialization_allEntries_decodeAndEncodeLength()
    {
        var entries = MlsVectors.All("deserialization.json");
        var ran = 0;
        foreach (var e in entries)
        {
            var header = e.Hex("vlbytes_header");
            var length = e.GetProperty("length").GetUInt32();
            new TlsReader(header).ReadVarInt().ShouldBe(length);
            TlsWriter.Encode(w => w.WriteVarInt(length)).ShouldBe(header);
            ran++;
        }

        MlsVectors.Report("deserialization.json", ran, 14);
    }

    [Theory]
    [InlineData("4001")]
    [InlineData("80000001")]
    [InlineData("80003fff")]
    [InlineData("c0000000")]
    public void ReadVarInt_nonMinimalOrReserved_throwsNonMinimalLength(string hex)
    {
        var ex = Should.Throw<MlsException>(() => new TlsReader(Convert.FromHexString(hex)).ReadVarInt());
        ex.Kind.ShouldBe(MlsErrorKind.NonMinimalLength);
    }

    [Fact]
    public void ReadOpaque_lengthBeyondInput_throwsBeforeAllocating()
    {
        var ex = Should.Throw<MlsException>(() => new TlsReader(Convert.FromHexString("bfffffff00")).ReadOpaque());
        ex.Kind.ShouldBe(MlsErrorKind.LengthOutOfRange);
    }

    [Fact]
    public void TreeMath_allEntries_match()
    {
        var entries = MlsVectors.All("tree-math.json");
        var ran = 0;
        foreach (var e in entries)
        {
            var n = e.GetProperty("n_leaves").GetUInt32();
            TreeMath.NodeWidth(n).ShouldBe(e.GetProperty("n_nodes").GetUInt32());
            TreeMath.Root(n).ShouldBe(e.GetProperty("root").GetUInt32());
            var width = TreeMath.NodeWidth(n);
            for (uint x = 0; x < width; x++)
            {
                Check(e, "left", x, () => TreeMath.Left(x));
                Check(e, "right", x, () => TreeMath.Right(x));
                Check(e, "parent", x, () => TreeMath.Parent(x, n));
                Check(e, "sibling", x, () => TreeMath.Sibling(x, n));
            }

            ran++;
        }

        MlsVectors.Report("tree-math.json", ran, 10);
    }

    [Fact]
    public void Messages_allEntries_roundTripByteIdentical()
    {
        var entries = MlsVectors.All("messages.json");
        var ran = 0;
        foreach (var e in entries)
        {
            RoundTrip(e, "mls_welcome", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "mls_group_info", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "mls_key_package", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "ratchet_tree", RatchetTree.Read, (w, v) => v.Write(w));
            RoundTrip(e, "group_secrets", GroupSecrets.Read, (w, v) => v.Write(w));
            RoundTrip(e, "add_proposal", KeyPackage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "update_proposal", LeafNode.Read, (w, v) => v.Write(w));
            RoundTrip(e, "remove_proposal", r => r.ReadU32(), (w, v) => w.WriteU32(v));
            RoundTrip(e, "pre_shared_key_proposal", PreSharedKeyId.Read, (w, v) => v.Write(w));
            RoundTrip(e, "re_init_proposal", ReInit.Read, (w, v) => v.Write(w));
            RoundTrip(e, "external_init_proposal", r => r.ReadOpaque(), (w, v) => w.WriteOpaque(v));
            RoundTrip(e, "group_context_extensions_proposal", Extension.ReadList, Extension.WriteList);
            RoundTrip(e, "commit", Commit.Read, (w, v) => v.Write(w));
            RoundTrip(e, "public_message_application", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "public_message_proposal", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "public_message_commit", MlsMessage.Read, (w, v) => v.Write(w));
            RoundTrip(e, "private_message", MlsMessage.Read, (w, v) => v.Write(w));
            ran++;
        }

        MlsVectors.Report("messages.json", ran, entries.Count);
    }

    private static void RoundTrip<T>(
        System.Text.Json.JsonElement e,
        string field,
        Func<TlsReader, T> read,
        Action<TlsWriter, T> write)
    {
        var bytes = e.Hex(field);
        var value = TlsReader.DecodeAll(bytes, read);
        TlsWriter.Encode(w => write(w, value)).ShouldBe(bytes, field);
    }

    private static void Check(System.Text.Json.JsonElement e, string name, uint x, Func<uint> compute)
    {
        var expected = e.GetProperty(name)[(int)x];
        if (expected.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            Should.Throw<MlsException>(() => compute());
        }
        else
        {
            compute().ShouldBe(expected.GetUInt32(), $"{name}({x})");
        }
    }
}
