namespace TraceImport.Tests;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static string Fixture(string relativePath) => Path.Combine(Fixtures, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraceImport.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("the tests run from inside the repository, which holds TraceImport.sln");
    }
}
