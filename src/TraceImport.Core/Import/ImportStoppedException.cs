namespace TraceImport.Import;

/// <summary>
/// An import stopped by something outside the grammars. It passes through the importer's guard
/// around each grammar, so that it is never taken for a line a grammar could not read.
/// </summary>
public abstract class ImportStoppedException(string message, Exception inner) : Exception(message, inner);

/// <summary>The consumer of the packets failed: an output that could not be written, or a decoder or rule that threw.</summary>
public sealed class PacketSinkException(Exception inner) : ImportStoppedException($"the packets' consumer failed: {inner.Message}", inner);

/// <summary>The input could not be read (a device error, a file removed from under the reader).</summary>
public sealed class InputReadException(Exception inner) : ImportStoppedException($"the input could not be read: {inner.Message}", inner);
