using System.Text.Json;

namespace Pandora.Tests.Mls;

/// <summary>Loads the MLS working-group vectors from ../shared/vectors/mls/ next to the repository root, or from the
/// copy kept in Pandora.Tests/Mls/Vectors/ when the repository was cloned on its own.</summary>
internal static class MlsVectors
{
    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pandora.sln")))
            {
                dir = dir.Parent;
            }

            if (dir is null)
            {
                Assert.Fail($"Pandora.sln not found above {AppContext.BaseDirectory}");
            }

            var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "mls"));
            if (!System.IO.Directory.Exists(path))
            {
                path = Path.Combine(dir.FullName, "Pandora.Tests", "Mls", "Vectors");
            }

            if (!System.IO.Directory.Exists(path))
            {
                Assert.Fail($"MLS vector folder missing: {path}");
            }

            return path;
        }
    }

    /// <summary>All entries of a file.</summary>
    public static List<JsonElement> All(string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            Assert.Fail($"MLS vector file missing: {path}");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The entries whose cipher_suite is 2.</summary>
    public static List<JsonElement> Suite2(string file) =>
        All(file).Where(e => e.GetProperty("cipher_suite").GetInt32() == 2).ToList();

    public static byte[] Hex(
        this JsonElement e,
        string name) =>
        Convert.FromHexString(e.GetProperty(name).GetString()!);

    public static byte[]? HexOrNull(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? Convert.FromHexString(v.GetString()!)
            : null;

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>Writes the count and checks it against the expected number of entries.</summary>
    public static void Report(string file, int ran, int expected)
    {
        TestContext.Current.SendDiagnosticMessage($"{file}: {ran}/{expected} entries passed");
        TestContext.Current.TestOutputHelper?.WriteLine($"{file}: {ran}/{expected} entries passed");
        ran.ShouldBe(expected, $"{file}: every suite-2 entry must run");
    }
}
