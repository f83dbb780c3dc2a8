using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TraceImport.Capture;
using TraceImport.Decoding;
using TraceImport.Diagnosis;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Output;
using TraceImport.Pcapng;
using TraceImport.Redaction;

namespace TraceImport.Web;

/// <summary>
/// POST /api/list, /api/decode, /api/diagnose, /api/convert and /api/redact: each takes the pasted
/// text as a text/plain body, or a pcap or pcapng capture as application/octet-stream; with
/// ?redact=1 each answers about the redacted packets, and /api/redact writes them (pcapng, text in the
/// paste's own formats, or the table of what was replaced). list answers with what the page's packet list shows; decode as 'traceimport
/// decode --output json' (one packet with ?packet=N, as the page asks when a packet is opened);
/// diagnose as 'diagnose --output json'; convert with the pcapng. Answers are streamed as they are
/// written, so memory stays flat whatever the text holds, and at most a few run at once
/// (<see cref="LocalServer"/>). Errors are JSON: { "error": "...", "details": [ ... ] }.
/// </summary>
internal static class Api
{
    public const string HeavyWork = "heavy";
    private const string SourceName = "pasted text";
    private const string Json = "application/json; charset=utf-8";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(WebApplication app, LocalServerOptions options)
    {
        app.MapPost("/api/list", context => Answer(context, options, List)).RequireRateLimiting(HeavyWork);
        app.MapPost("/api/decode", context => Answer(context, options, Decode)).RequireRateLimiting(HeavyWork);
        app.MapPost("/api/diagnose", context => Answer(context, options, Diagnose)).RequireRateLimiting(HeavyWork);
        app.MapPost("/api/convert", context => Answer(context, options, (text, ctx) => Convert(text, ctx, options.Application))).RequireRateLimiting(HeavyWork);
        app.MapPost("/api/redact", context => Answer(context, options, (text, ctx) => Redact(text, ctx, options.Application))).RequireRateLimiting(HeavyWork);
    }

    /// <summary>What a handler gives back: the answer so far, or an error to send instead when the answer has not started.</summary>
    private sealed record Outcome(DeferredAnswer Answer, int Status = StatusCodes.Status200OK, string? Error = null, IEnumerable<string>? Details = null);

    /// <summary>The media types a capture may be posted as.</summary>
    private static readonly string[] CaptureTypes = ["application/octet-stream", "application/vnd.tcpdump.pcap", "application/x-pcapng"];

    private static async Task Answer(HttpContext context, LocalServerOptions options, Func<Paste, HttpContext, Outcome> respond)
    {
        var request = context.Request;
        // A browser sends one Origin; two are no browser's request, and only one could be checked.
        if (request.Headers.Origin.Count > 1)
        {
            await Error(context.Response, StatusCodes.Status400BadRequest, "a request may carry one Origin header; this one has several");
            return;
        }
        if (request.Headers.Origin is [{ } origin] && origin != $"{request.Scheme}://{request.Host}")
        {
            await Error(context.Response, StatusCodes.Status403Forbidden, $"requests from {origin} are refused: only the page this server serves may use it");
            return;
        }
        var isCapture = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && CaptureTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase);
        if (!isCapture && (type is null || !type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            await Error(context.Response, StatusCodes.Status415UnsupportedMediaType,
                $"the body must be the pasted text, sent as text/plain, or a capture, sent as application/octet-stream (it was {request.ContentType ?? "of no type"})");
            return;
        }
        var encoding = isCapture ? Encoding.UTF8 : Charset(type!.Charset.Value);
        if (encoding is null)
        {
            await Error(context.Response, StatusCodes.Status415UnsupportedMediaType,
                $"the charset {type!.Charset.Value} is not one this page reads: send the text as UTF-8 (or UTF-16, UTF-32, ISO-8859-1, US-ASCII)");
            return;
        }
        var body = await ReadLimited(request, options.MaxInputBytes);
        if (body is null)
        {
            await Error(context.Response, StatusCodes.Status413PayloadTooLarge,
                $"the text is larger than the {options.MaxInputBytes / 1e6:0.#} MB this page takes; convert larger traces with 'traceimport convert', or start the page with a larger 'traceimport serve --max-input'");
            return;
        }

        var bytes = body.ToArray();
        if (isCapture && !CaptureReader.IsCapture(bytes))
        {
            await Error(context.Response, StatusCodes.Status415UnsupportedMediaType, "the body was sent as a capture, but it is not a pcap or pcapng file");
            return;
        }
        if (!isCapture)
        {
            try
            {
                TextInput.Open(new MemoryStream(bytes, writable: false), SourceName, encoding).Reader.Dispose();
            }
            catch (NotTextException e)
            {
                await Error(context.Response, StatusCodes.Status422UnprocessableEntity, $"{SourceName}: {e.Message}");
                return;
            }
            catch (NamedReadException e)
            {
                // A compressed paste whose data is damaged.
                await Error(context.Response, StatusCodes.Status422UnprocessableEntity, e.Message);
                return;
            }
        }
        var paste = new Paste(bytes, encoding, isCapture, isCapture ? "dropped capture" : SourceName);

        Outcome outcome;
        try
        {
            outcome = respond(paste, context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Cause(e) is CaptureFormatException or RedactionLimitException)
        {
            await Error(context.Response, StatusCodes.Status422UnprocessableEntity, Cause(e).Message);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // Never a stack trace: the page shows the message, and the cause is a bug to report.
            await Error(context.Response, StatusCodes.Status500InternalServerError, $"internal error: {Cause(e).GetType().Name}: {Cause(e).Message} (a bug in traceimport)");
            return;
        }
        catch (Exception)
        {
            // The answer had begun: cut it off, so that the client sees a broken answer, not a short one that looks whole.
            context.Abort();
            return;
        }
        if (outcome.Error is not null && !outcome.Answer.Started)
        {
            await Error(context.Response, outcome.Status, outcome.Error, outcome.Details);
            return;
        }
        await outcome.Answer.CompleteAsync();
    }

    private static Exception Cause(Exception e) => e is PacketSinkException { InnerException: { } inner } ? inner : e;

    /// <summary>The encodings a pasted text may come in; null for any other (UTF-7 among them, which .NET no longer reads).</summary>
    private static Encoding? Charset(string? name) => name?.Trim('"').ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => new UTF8Encoding(false),
        "us-ascii" or "ascii" => Encoding.ASCII,
        "iso-8859-1" or "latin1" or "l1" => Encoding.Latin1,
        "utf-16" or "utf-16le" => Encoding.Unicode,
        "utf-16be" => Encoding.BigEndianUnicode,
        "utf-32" or "utf-32le" => Encoding.UTF32,
        "utf-32be" => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        _ => null,
    };

    /// <summary>The body's bytes, or null when there are more than the limit.</summary>
    private static async Task<MemoryStream?> ReadLimited(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit) return null;
        var body = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            if (body.Length + read > limit) return null;
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        return body;
    }

    /// <summary>Reads the paste's packets, redacted when the request asks (?redact=1, with ?prefix-preserving=1, ?key=, ?payloads=1).</summary>
    private static ImportReport Import(Paste paste, HttpContext context, Action<Packet> sink)
    {
        using var redaction = Redaction(context);
        return paste.Import(sink, redaction);
    }

    private static TraceRedaction? Redaction(HttpContext context, bool always = false)
    {
        var query = context.Request.Query;
        bool On(string name) => query[name] is [{ } value] && value is "1" or "true";
        if (!always && !On("redact")) return null;
        return new TraceRedaction(new RedactionOptions { PrefixPreserving = On("prefix-preserving"), Key = query["key"] is [{ } key] ? key : null, Payloads = On("payloads") });
    }

    /// <summary>No packet: nothing was pasted (400), or the text holds no trace the grammars read (422, naming the line and the formats expected).</summary>
    private static Outcome NoPackets(DeferredAnswer answer, ImportReport report)
    {
        if (report.UsedLines + report.ProseLines + report.SkippedLines == 0)
        {
            return new Outcome(answer, StatusCodes.Status400BadRequest, "nothing was pasted: paste a hex dump or a trace printout");
        }
        var lines = FormatRegistry.ExplainNoPackets(report).ToList();
        return new Outcome(answer, StatusCodes.Status422UnprocessableEntity, lines[0], lines.Skip(1));
    }

    /// <summary>{ source, packets: [ rows ], lines, regions, skipped, warnings }: the packet list and the account of the text's lines.</summary>
    private static Outcome List(Paste text, HttpContext context) =>
        Packets(text, context, _ => true, (json, packet) => PacketRow.Write(json, PacketDecoder.Decode(packet)));

    /// <summary>
    /// { source, packets, lines, regions, skipped, warnings }: the packets as 'traceimport decode
    /// --output json' writes them, all of them or the one ?packet=N names, with the account of the text's lines.
    /// </summary>
    private static Outcome Decode(Paste text, HttpContext context)
    {
        var selected = 0;
        if (context.Request.Query["packet"] is [{ } number] &&
            (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out selected) || selected < 1))
        {
            return new Outcome(new DeferredAnswer(context, Json), StatusCodes.Status400BadRequest, $"packet={number} is not a packet number (1, 2, …)");
        }
        return Packets(text, context, packet => selected == 0 || packet.Number == selected,
            (json, packet) => DecodeJson.WritePacket(json, PacketDecoder.Decode(packet)),
            report => selected > report.Packets ? $"there is no packet {selected}: the text holds {report.Packets}" : null);
    }

    /// <summary>
    /// { source, packets: [ … ], lines, regions, skipped, warnings }, each packet written as it is
    /// read. Whether there was a packet at all (or the one asked for) is settled before the account
    /// is written, while the answer is still small enough to be held back and become an error.
    /// </summary>
    private static Outcome Packets(Paste text, HttpContext context, Func<Packet, bool> wanted, Action<Utf8JsonWriter, Packet> write,
        Func<ImportReport, string?>? notFound = null)
    {
        var answer = new DeferredAnswer(context, Json);
        using var json = new Utf8JsonWriter(answer, JsonOptions);
        json.WriteStartObject();
        json.WriteString("source", text.Name);
        json.WriteStartArray("packets");
        var report = Import(text, context, packet =>
        {
            if (!wanted(packet)) return;
            write(json, packet);
            json.Flush();
        });
        if (report.Packets == 0) return NoPackets(answer, report);
        if (notFound?.Invoke(report) is { } missing) return new Outcome(answer, StatusCodes.Status404NotFound, missing);
        json.WriteEndArray();
        WriteReport(json, report);
        json.WriteEndObject();
        json.Flush();
        return new Outcome(answer);
    }

    private static void WriteReport(Utf8JsonWriter json, ImportReport report)
    {
        json.WriteStartObject("lines");
        json.WriteNumber("total", report.TotalLines);
        json.WriteNumber("used", report.UsedLines);
        json.WriteNumber("prose", report.ProseLines);
        json.WriteNumber("blank", report.BlankLines);
        json.WriteNumber("skipped", report.SkippedLines);
        json.WriteString("summary", PacketListing.LineCounts(report));
        json.WriteEndObject();
        json.WriteStartArray("regions");
        foreach (var region in report.Regions)
        {
            json.WriteStartObject();
            json.WriteString("format", region.Format);
            json.WriteNumber("firstLine", region.FirstLine);
            json.WriteNumber("lastLine", region.LastLine);
            json.WriteNumber("confidence", Math.Round(region.Confidence, 2));
            json.WriteNumber("packets", region.Packets);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var skipped in report.Skipped)
        {
            json.WriteStartObject();
            json.WriteNumber("line", skipped.Line);
            json.WriteNumber("column", skipped.Column);
            json.WriteString("reason", skipped.Reason);
            json.WriteString("text", skipped.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var warning in report.Warnings) json.WriteStringValue(warning);
        json.WriteEndArray();
    }

    /// <summary>As 'traceimport diagnose --output json'.</summary>
    private static Outcome Diagnose(Paste text, HttpContext context)
    {
        var answer = new DeferredAnswer(context, Json);
        var diagnosis = new DiagnosisSession();
        var report = Import(text, context, diagnosis.Observe);
        if (report.Packets == 0) return NoPackets(answer, report);
        DiagnosisReport.WriteJson(answer, text.Name, diagnosis.Packets, diagnosis.Findings());
        return new Outcome(answer);
    }

    private static Outcome Convert(Paste text, HttpContext context, string application)
    {
        context.Response.Headers.ContentDisposition = "attachment; filename=\"pasted.pcapng\"";
        var answer = new DeferredAnswer(context, "application/x-pcapng");
        ImportReport report;
        using (var writer = new PcapngWriter(answer, $"converted from {text.Name} by {application}", application, leaveOpen: true))
        {
            report = Import(text, context, writer.Write);
        }
        if (report.Packets > 0) return new Outcome(answer);
        context.Response.Headers.Remove(HeaderNames.ContentDisposition);
        return NoPackets(answer, report);
    }

    /// <summary>
    /// The redacted packets: ?output=pcapng (the default), text (in the paste's own formats, as 'redact
    /// --text' writes it) or table ({ summary, substituted, replacements: [ { kind, original, standIn,
    /// places } ] }: what the page shows of what was replaced; it never leaves this machine).
    /// </summary>
    private static Outcome Redact(Paste text, HttpContext context, string application)
    {
        using var redaction = Redaction(context, always: true)!;
        var output = context.Request.Query["output"] is [{ } asked] ? asked : "pcapng";
        switch (output)
        {
            case "text":
            {
                context.Response.Headers.ContentDisposition = "attachment; filename=\"redacted.txt\"";
                var answer = new DeferredAnswer(context, "text/plain; charset=utf-8");
                ImportReport report;
                using (var writer = new StreamWriter(answer, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    var trace = new TextWriters.TextTrace(writer);
                    report = text.Import(trace.Write, redaction);
                }
                return report.Packets > 0 ? new Outcome(answer) : Unanswered(context, answer, report);
            }
            case "table":
            {
                var answer = new DeferredAnswer(context, Json);
                var report = text.Import(_ => { }, redaction);
                if (report.Packets == 0) return NoPackets(answer, report);
                using var json = new Utf8JsonWriter(answer, JsonOptions);
                json.WriteStartObject();
                json.WriteString("summary", redaction.Summary());
                json.WriteStartArray("replacements");
                foreach (var replacement in redaction.Map.Table.Where(r => r.Places > 0))
                {
                    json.WriteStartObject();
                    json.WriteString("kind", replacement.Kind.ToString().ToLowerInvariant());
                    json.WriteString("original", replacement.Original);
                    json.WriteString("standIn", replacement.Pseudonym);
                    json.WriteNumber("places", replacement.Places);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                return new Outcome(answer);
            }
            case "pcapng":
            {
                context.Response.Headers.ContentDisposition = "attachment; filename=\"redacted.pcapng\"";
                var answer = new DeferredAnswer(context, "application/x-pcapng");
                ImportReport report;
                using (var writer = new PcapngWriter(answer, TraceRedaction.SectionComment(application), application, leaveOpen: true))
                {
                    report = text.Import(writer.Write, redaction);
                }
                return report.Packets > 0 ? new Outcome(answer) : Unanswered(context, answer, report);
            }
            default:
                return new Outcome(new DeferredAnswer(context, Json), StatusCodes.Status400BadRequest, $"output={output} is not one of pcapng, text, table");
        }
    }

    /// <summary>No packet for a download: the attachment header goes, and the error is answered instead.</summary>
    private static Outcome Unanswered(HttpContext context, DeferredAnswer answer, ImportReport report)
    {
        context.Response.Headers.Remove(HeaderNames.ContentDisposition);
        return NoPackets(answer, report);
    }

    public static async Task Error(HttpResponse response, int status, string message, IEnumerable<string>? details = null)
    {
        response.StatusCode = status;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteStartArray("details");
            foreach (var detail in details ?? []) json.WriteStringValue(detail);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        response.ContentType = Json;
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
