using System.Buffers.Binary;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Emulator;

/// <summary>
/// A DAVE client written for the tests on a raw voice socket and Pandora.Mls: reads the binary server frames
/// (u16 seq ‖ u8 op ‖ payload), sends key packages and commits, and opens members' frames with keys it derives
/// itself from the exporter (independent of the emulator's sealer and of the bot's decryptor).
/// </summary>
internal sealed class RawDaveClient(RawSocket voice, ulong userId, ulong channelId)
{
    private readonly List<JsonElement> _json = [];

    public byte[] GroupId { get; } = BigEndian(channelId);

    public byte[] ExternalSenderBytes { get; private set; } = [];

    public ExternalSender? ExternalSender { get; private set; }

    public KeyPackageBundle Bundle { get; private set; } = null!;

    public MlsGroup? Group { get; set; }

    public int LastSeq { get; private set; } = -1;

    public static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>Next binary DAVE message with opcode <paramref name="op"/> (others of that kind are skipped).</summary>
    public async Task<byte[]> ReceiveAsync(byte op, double timeoutSeconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            while (voice.Binary.TryDequeue(out var frame))
            {
                LastSeq = BinaryPrimitives.ReadUInt16BigEndian(frame);
                if (frame[2] == op)
                {
                    return frame[3..];
                }
            }

            var left = (deadline - DateTime.UtcNow).TotalSeconds;
            left.ShouldBePositive($"no DAVE op {op} in time");
            var next = await voice.ReceiveFrameAsync(left);
            next.ShouldNotBeNull($"voice socket closed with {voice.CloseStatus}");
            if (next.Value.Binary)
            {
                voice.Binary.Enqueue(next.Value.Data);
            }
            else
            {
                using var document = JsonDocument.Parse(next.Value.Data);
                _json.Add(document.RootElement.Clone());
            }
        }
    }

    /// <summary>Next JSON message with opcode <paramref name="op"/>; binary ones met are queued.</summary>
    public async Task<JsonElement> ReceiveJsonAsync(int op, double timeoutSeconds = 5)
    {
        var seen = _json.FindIndex(m => m.GetProperty("op").GetInt32() == op);
        if (seen >= 0)
        {
            var found = _json[seen];
            _json.RemoveAt(seen);
            return found;
        }

        return await voice.ReceiveOpAsync(op, timeoutSeconds);
    }

    /// <summary>Op 25: stores the external sender.</summary>
    public async Task<byte[]> ReceiveExternalSenderAsync()
    {
        ExternalSenderBytes = await ReceiveAsync(25);
        ExternalSender = TlsReader.DecodeAll(ExternalSenderBytes, ExternalSender.Read);
        return ExternalSenderBytes;
    }

    /// <summary>A fresh key package (op 26) and a pending group of our own at epoch 0.</summary>
    public async Task SendKeyPackageAsync()
    {
        Bundle = KeyPackageBundle.Create(BigEndian(userId));
        Group = MlsGroup.Create(GroupId, Bundle, [ExternalSender.ToExtension([ExternalSender!])]);
        await voice.SendBinaryAsync([26, .. Bundle.KeyPackage.Encode()]);
    }

    /// <summary>Op 27 append: the MLSMessages inside the vector.</summary>
    public static List<MlsMessage> ParseAppend(byte[] payload)
    {
        payload[0].ShouldBe((byte)0, "append");
        return TlsReader.DecodeAll(payload.AsMemory(1), r => r.ReadVector(v =>
        {
            var list = new List<MlsMessage>();
            while (v.Remaining > 0)
            {
                list.Add(MlsMessage.Read(v));
            }

            return list;
        }));
    }

    public Task SendJsonAsync(int op, int transitionId) =>
        voice.SendAsync($$$"""{"op":{{{op}}},"d":{"transition_id":{{{transitionId}}}} }""");

    /// <summary>Opens a member's protocol frame with the key of <paramref name="sender"/> in our current
    /// epoch.</summary>
    public byte[]? OpenFrame(ulong sender, byte[] frame)
    {
        if (frame.Length < 11 || frame[^1] != 0xFA || frame[^2] != 0xFA)
        {
            return null;
        }

        var size = frame[^3];
        var tagAt = frame.Length - size;
        uint nonce = 0;
        var shift = 0;
        for (var i = tagAt + 8; i < frame.Length - 3; i++, shift += 7)
        {
            nonce |= (uint)(frame[i] & 0x7F) << shift;
        }

        var context = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(context, sender);
        var secret = Group!.Export("Discord Secure Frames v0", context, 16);
        for (uint g = 0; g < nonce >> 24; g++)
        {
            secret = MlsCrypto.DeriveTreeSecret(secret, "secret", g, 32);
        }

        var key = MlsCrypto.DeriveTreeSecret(secret, "key", nonce >> 24, 16);
        var iv = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(iv.AsSpan(8), nonce);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(false, new AeadParameters(new KeyParameter(key), 64, iv));
        var input = frame[..(tagAt + 8)];
        var plain = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var n = gcm.ProcessBytes(input, 0, input.Length, plain, 0);
            gcm.DoFinal(plain, n);
            return plain;
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException)
        {
            return null;
        }
    }
}
