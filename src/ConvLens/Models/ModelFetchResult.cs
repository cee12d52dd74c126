namespace ConvLens.Models;

/// <summary>What a fetch did.</summary>
/// <param name="Path">The verified file in the cache.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Source">Where it came from (a URL or a local path); the cache itself when it was already there.</param>
/// <param name="AlreadyCached">True when a verified copy was already in the cache and nothing was transferred.</param>
/// <param name="ResumedFrom">Bytes of an interrupted earlier download that were kept (0 when it started fresh).</param>
/// <param name="Checksum">The checksum that was verified, as <c>md5:…</c> or <c>sha256:…</c>.</param>
public sealed record ModelFetchResult(string Path, long Bytes, string Source, bool AlreadyCached, long ResumedFrom, string Checksum);
