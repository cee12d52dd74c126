using System.Security.Cryptography;

namespace ConvLens.Models;

/// <summary>Short content hashes identifying model files in caches.</summary>
public static class FileFingerprint
{
    /// <summary>The first 16 hex digits of the file's SHA-256.</summary>
    public static string Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
    }
}
