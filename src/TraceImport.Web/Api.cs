using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TraceImport.Decoding;
using TraceImport.Diagnosis;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Output;
using TraceImport.Pcapng;

namespace TraceImport.Web;

/// <summary>
/// POST /api/decode, /api/diagnose and /api/convert: each takes the pasted text as a text/plain
/// body and answers as the command of the same name does (decode and diagnose as their --output
/// json, convert as a pcapng file). Errors are JSON: { "error": "...", "details": [ ... ] }.
/// </summary>
internal static class Api
{
    private const string SourceName = "pasted text";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(WebApplication app, LocalServerOptions options)
    {
        app.MapPost("/api/decode", context => Answer(context, options, Decode));
        app.MapPost("/api/diagnose", context => Answer(context, options, Diagnose));
        app.MapPost("/api/convert", context => Answer(context, options, (text, response) => Convert(text, response, options.Application)));
    }

    private static async Task Answer(HttpContext context, LocalServerOptions options, Func<string, HttpResponse, Task> respond)
    {
        var request = context.Request;
        if (request.Headers.Origin is [{ } origin] && origin != $"{request.Scheme}://{request.Host}")
        {
            await Error(context.Response, StatusCodes.Status403Forbidden, $"requests from {origin} are refused: only the page this server serves may use it");
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            await Error(context.Response, StatusCodes.Status415UnsupportedMediaType, $"the body must be the pasted text, sent as text/plain (it was {request.ContentType ?? "of no type"})");
            return;
        }
        var text = await ReadLimited(request, type.Encoding ?? Encoding.UTF8, options.MaxInputBytes);
        if (text is null)
        {
            await Error(context.Response, StatusCodes.Status413PayloadTooLarge,
                $"the text is larger than the {options.MaxInputBytes / 1e6:0.#} MB this page takes; convert larger traces with 'traceimport convert', or start the page with a larger 'traceimport serve --max-input'");
            return;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            await Error(context.Response, StatusCodes.Status400BadRequest, "nothing was pasted: paste a hex dump or a trace printout");
            return;
        }
        await respond(text, context.Response);
    }

    /// <summary>The body as text, or null when it is longer than the limit.</summary>
    private static async Task<string?> ReadLimited(HttpRequest request, Encoding encoding, long limit)
    {
        if (request.ContentLength > limit) return null;
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            if (body.Length + read > limit) return null;
            body.Write(buffer, 0, read);
        }
        return encoding.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    private static ImportReport Import(string text, Action<Packet> sink) =>
        new DocumentImporter(FormatRegistry.All).Import(new StringReader(text), SourceName, new ImportOptions(), sink);

    private static Task NoPackets(HttpResponse response, ImportReport report)
    {
        var lines = FormatRegistry.ExplainNoPackets(report).ToList();
        return Error(response, StatusCodes.Status422UnprocessableEntity, lines[0], lines.Skip(1));
    }

    /// <summary>{ source, lines, regions, skipped, warnings, packets }: the packets as 'traceimport decode --output json' writes them, with the account of the text's lines.</summary>
    private static async Task Decode(string text, HttpResponse response)
    {
        using var buffer = new MemoryStream();
        ImportReport report;
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("source", SourceName);
            json.WriteStartArray("packets");
            report = Import(text, packet => DecodeJson.WritePacket(json, PacketDecoder.Decode(packet)));
            json.WriteEndArray();
            WriteReport(json, report);
            json.WriteEndObject();
        }
        if (report.Packets == 0)
        {
            await NoPackets(response, report);
            return;
        }
        await Send(response, "application/json; charset=utf-8", buffer);
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
    private static async Task Diagnose(string text, HttpResponse response)
    {
        var diagnosis = new DiagnosisSession();
        var report = Import(text, diagnosis.Observe);
        if (report.Packets == 0)
        {
            await NoPackets(response, report);
            return;
        }
        using var buffer = new MemoryStream();
        DiagnosisReport.WriteJson(buffer, SourceName, diagnosis.Packets, diagnosis.Findings());
        await Send(response, "application/json; charset=utf-8", buffer);
    }

    private static async Task Convert(string text, HttpResponse response, string application)
    {
        using var buffer = new MemoryStream();
        ImportReport report;
        using (var writer = new PcapngWriter(buffer, $"converted from {SourceName} by {application}", application, leaveOpen: true))
        {
            report = Import(text, writer.Write);
        }
        if (report.Packets == 0)
        {
            await NoPackets(response, report);
            return;
        }
        response.Headers.ContentDisposition = "attachment; filename=\"pasted.pcapng\"";
        await Send(response, "application/x-pcapng", buffer);
    }

    private static async Task Send(HttpResponse response, string contentType, MemoryStream body)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
    }

    private static async Task Error(HttpResponse response, int status, string message, IEnumerable<string>? details = null)
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
        await Send(response, "application/json; charset=utf-8", buffer);
    }
}
