using System.Text;

namespace ConvLens.Dataset;

/// <summary>
/// A deterministic 1/<see cref="Count"/> of a dataset: the files whose relative path hashes (64-bit
/// FNV-1a of its UTF-8 bytes, mixed by MurmurHash3's finaliser) to <see cref="Index"/> modulo <see cref="Count"/>. The split depends on
/// nothing but the path, so every machine computes the same shards, and adding a file never moves others.
/// </summary>
/// <param name="Index">Which shard, 0 … <see cref="Count"/> − 1 (as Slurm's array index and Kubernetes' completion index count).</param>
/// <param name="Count">How many shards.</param>
public readonly record struct DatasetShard(int Index, int Count)
{
    /// <summary>The whole dataset.</summary>
    public static DatasetShard All => new(0, 1);

    /// <summary>True when the file at <paramref name="relativePath"/> belongs to this shard.</summary>
    public bool Contains(string relativePath) => Count <= 1 || (int)(Hash(relativePath) % (ulong)Count) == Index;

    /// <summary>Parses <c>i/n</c> (0 ≤ i &lt; n).</summary>
    /// <exception cref="ConvLensException">The text is not of that form.</exception>
    public static DatasetShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0].Trim(), out int index) && int.TryParse(parts[1].Trim(), out int count)
            && count >= 1 && index >= 0 && index < count)
            return new DatasetShard(index, count);
        throw new ConvLensException($"--shard takes i/n with 0 <= i < n (such as 0/4 … 3/4), not '{text}'");
    }

    /// <summary>
    /// 64-bit FNV-1a of the UTF-8 bytes, then MurmurHash3's 64-bit finaliser: both fixed by their
    /// specifications, unlike <see cref="string.GetHashCode()"/>, which changes per process. The finaliser
    /// matters: FNV-1a's low bits depend only on the low bits of each byte, so "hash mod 4" alone would
    /// put similar names into the same few shards.
    /// </summary>
    internal static ulong Hash(string relativePath)
    {
        ulong hash = Fnv1a(relativePath);
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    internal static ulong Fnv1a(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
