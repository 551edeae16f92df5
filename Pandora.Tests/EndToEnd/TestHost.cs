using Akka.Configuration;
using Pandora.Host;

namespace Pandora.Tests.EndToEnd;

/// <summary>Host settings for tests: recordings and store under a test folder, HOCON from the repository.</summary>
internal static class TestHost
{
    internal static HostSettings Settings(string folder) => new()
    {
        RestBaseAddress = new Uri("http://127.0.0.1:1/api/v10/"),
        RecordingsFolder = Path.Combine(folder, "work"),
        StoreFolder = Path.Combine(folder, "store"),
        Hocon = ConfigurationFactory.ParseString(File.ReadAllText(RepositoryFile("hocon/pandora.conf"))),
    };

    /// <summary>A file of the repository, found by walking up from the test binaries to Pandora.sln.</summary>
    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pandora.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("Pandora.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted with the test.</summary>
internal sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pandora-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing writer; the OS temp cleaner gets it.
        }
    }
}

/// <summary>End-to-end tests each run a real-time session: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
