using System.Buffers;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Memory that reports a length but throws when its bytes are touched: a tensor over it makes a writer
/// fail half-way through a file, after the earlier parts are written.
/// </summary>
internal sealed class FailingMemoryManager : MemoryManager<byte>
{
    private readonly int _length;

    public FailingMemoryManager(int length) => _length = length;

    /// <summary>Memory of the given length whose contents cannot be read.</summary>
    public ReadOnlyMemory<byte> Bytes => CreateMemory(_length);

    public override Span<byte> GetSpan() => throw new IOException("simulated failure while writing tensor data");

    public override MemoryHandle Pin(int elementIndex = 0) => throw new IOException("simulated failure while writing tensor data");

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
