using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TraceImport.Web;

/// <summary>
/// An answer's body, written synchronously by the importer's packet sink: held back while it is
/// small, so that an answer that turns out to be an error (no packet in the text) can still be
/// one, then streamed to the client as it is written, so that memory stays flat however many
/// packets the text holds.
/// </summary>
internal sealed class DeferredAnswer : Stream
{
    /// <summary>How much is held back before the answer starts: far more than any error's preamble.</summary>
    public const int HoldBack = 64 * 1024;

    private readonly HttpResponse response;
    private readonly string contentType;
    private readonly MemoryStream pending = new();

    public DeferredAnswer(HttpContext context, string contentType)
    {
        response = context.Response;
        this.contentType = contentType;
        // The importer and its writers are synchronous; they run on this request's own thread.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
    }

    /// <summary>Whether the answer has begun (status 200 sent): it can no longer become an error.</summary>
    public bool Started { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        pending.Write(buffer);
        if (pending.Length < HoldBack) return;
        if (!Started)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            Started = true;
        }
        response.Body.Write(pending.GetBuffer(), 0, (int)pending.Length);
        pending.SetLength(0);
    }

    /// <summary>Writers flush after every packet; what they wrote goes out a buffer-full at a time.</summary>
    public override void Flush()
    {
    }

    /// <summary>Sends the rest: the whole answer, as a 200 of its length, when it never grew past the hold-back.</summary>
    public async Task CompleteAsync()
    {
        if (!Started)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = pending.Length;
            Started = true;
        }
        await response.Body.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length));
        pending.SetLength(0);
        await response.Body.FlushAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
