namespace ConvLens.Tests.Imaging;

/// <summary>Writes test images into a fresh temporary folder.</summary>
internal sealed class ImageFiles
{
    private readonly string _folder = TestFiles.TempFolder();

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> and returns the path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The folder's path.</summary>
    public string Folder => _folder;
}
