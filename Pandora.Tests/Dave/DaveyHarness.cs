using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pandora.Tests.Dave;

/// <summary>
/// Runs <c>harness/davey-harness.mjs</c>: <c>@snazzah/davey</c> (the DAVE implementation discord.js uses) as
/// independent group members, plus an external sender written on node:crypto. JSON lines over stdin/stdout. When
/// node or the package is missing the tests fail with a message saying how to install it (scripts/test.sh does).
/// </summary>
public sealed class DaveyHarness : IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private int _nextId;
    private string? _unavailable;

    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "Pandora.Tests", "Dave", "harness");
                if (File.Exists(Path.Combine(candidate, "davey-harness.mjs")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("Pandora.Tests/Dave/harness not found above the test binaries");
        }
    }

    public ValueTask InitializeAsync()
    {
        var folder = Folder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@snazzah", "davey")))
        {
            _unavailable = $"@snazzah/davey is not installed: run `npm ci --prefix {folder}` (scripts/test.sh does)";
            return ValueTask.CompletedTask;
        }

        try
        {
            var start = new ProcessStartInfo("node", "davey-harness.mjs")
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            _unavailable =
                $"node is not installed or not on PATH ({ex.Message}); the davey interoperability tests need it";
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends one command and returns the answer; throws when davey reports an error.</summary>
    public async Task<JsonObject> CallAsync(string command, object? arguments = null)
    {
        var reply = await TryCallAsync(command, arguments);
        if (!reply["ok"]!.GetValue<bool>())
        {
            throw new InvalidOperationException($"davey {command} failed: {reply["error"]}");
        }

        return reply;
    }

    /// <summary>Sends one command; the answer has <c>ok</c> false and <c>error</c> when davey threw.</summary>
    public async Task<JsonObject> TryCallAsync(string command, object? arguments = null)
    {
        if (_unavailable is not null)
        {
            throw new InvalidOperationException(_unavailable);
        }

        await _gate.WaitAsync();
        try
        {
            var message = arguments is null ? new JsonObject() : JsonSerializer.SerializeToNode(arguments)!.AsObject();
            var id = ++_nextId;
            message["id"] = id;
            message["cmd"] = command;
            await _process!.StandardInput.WriteLineAsync(message.ToJsonString());
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(CallTimeout);
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("the davey harness exited");
            var reply = JsonNode.Parse(line)!.AsObject();
            if (reply["id"]?.GetValue<int>() != id)
            {
                throw new InvalidOperationException($"the davey harness answered out of turn: {line}");
            }

            return reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>One davey group member inside the harness.</summary>
internal sealed class DaveyMember(DaveyHarness harness, string name, ulong userId)
{
    public ulong UserId { get; } = userId;

    public string Id => UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<DaveyMember> CreateAsync(
        DaveyHarness harness,
        string name,
        ulong userId,
        ulong channelId,
        byte[] externalSender)
    {
        await harness.CallAsync(
            "session.create",
            new { name, userId = userId.ToString(), channelId = channelId.ToString() });
        await harness.CallAsync(
            "session.setExternalSender",
            new { name, hex = Convert.ToHexStringLower(externalSender) });
        return new DaveyMember(harness, name, userId);
    }

    public async Task<byte[]> KeyPackageAsync() => Hex(await harness.CallAsync("session.keyPackage", new { name }));

    /// <summary>Processes an op 27 payload; returns davey's commit and Welcome (null when none).</summary>
    public async Task<(byte[]? Commit, byte[]? Welcome)> ProcessProposalsAsync(
        byte[] payload,
        params ulong[] recognized)
    {
        var reply = await harness.CallAsync("session.processProposals", new
        {
            name,
            hex = Convert.ToHexStringLower(payload),
            recognized = recognized.Select(r => r.ToString()).ToArray(),
        });
        return (HexOrNull(reply["commit"]), HexOrNull(reply["welcome"]));
    }

    public Task<JsonObject> ProcessCommitAsync(byte[] commit) =>
        harness.CallAsync("session.processCommit", new { name, hex = Convert.ToHexStringLower(commit) });

    public Task<JsonObject> ProcessWelcomeAsync(byte[] welcome) =>
        harness.CallAsync("session.processWelcome", new { name, hex = Convert.ToHexStringLower(welcome) });

    public Task<JsonObject> InfoAsync() => harness.CallAsync("session.info", new { name });

    public async Task<byte[]?> AuthenticatorAsync() => HexOrNull((await InfoAsync())["authenticator"]);

    public async Task<byte[]> EncryptAsync(byte[] opus) =>
        Hex(await harness.CallAsync("session.encrypt", new { name, hex = Convert.ToHexStringLower(opus) }));

    public async Task<byte[]> DecryptAsync(ulong sender, byte[] frame) =>
        Hex(await harness.CallAsync(
            "session.decrypt",
            new { name, userId = sender.ToString(), hex = Convert.ToHexStringLower(frame) }));

    private static byte[] Hex(JsonObject reply) => Convert.FromHexString(reply["hex"]!.GetValue<string>());

    private static byte[]? HexOrNull(JsonNode? node) =>
        node is null ? null : Convert.FromHexString(node.GetValue<string>());
}

/// <summary>The harness's node:crypto external sender.</summary>
internal sealed class DaveyExternalSender(DaveyHarness harness, string name, byte[] package)
{
    public byte[] Package { get; } = package;

    public static async Task<DaveyExternalSender> CreateAsync(DaveyHarness harness, string name)
    {
        var reply = await harness.CallAsync("sender.create", new { name });
        return new DaveyExternalSender(harness, name, Convert.FromHexString(reply["hex"]!.GetValue<string>()));
    }

    /// <summary>An op 27 append payload (operation byte first) and its proposal refs.</summary>
    public async Task<(byte[] Payload, List<byte[]> Refs)> ProposeAsync(
        byte[] groupId,
        ulong epoch,
        byte[][]? adds = null,
        uint[]? removes = null)
    {
        var reply = await harness.CallAsync("sender.propose", new
        {
            name,
            groupId = Convert.ToHexStringLower(groupId),
            epoch,
            adds = (adds ?? []).Select(Convert.ToHexStringLower).ToArray(),
            removes = removes ?? [],
        });
        var refs = reply["refs"]!.AsArray().Select(r => Convert.FromHexString(r!.GetValue<string>())).ToList();
        return (Convert.FromHexString(reply["hex"]!.GetValue<string>()), refs);
    }

    public async Task<byte[]> RevokeAsync(IEnumerable<byte[]> refs)
    {
        var reply = await harness.CallAsync(
            "sender.revoke",
            new { name, refs = refs.Select(Convert.ToHexStringLower).ToArray() });
        return Convert.FromHexString(reply["hex"]!.GetValue<string>());
    }
}
