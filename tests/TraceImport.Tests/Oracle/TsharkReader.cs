using System.Text.Json;
using Shouldly;

namespace TraceImport.Tests.Oracle;

/// <summary>A frame as tshark reads it from a capture file: the oracle every conversion is compared with.</summary>
public sealed record TsharkFrame(string RawHex, int LinkType, string EpochTime);

public static class TsharkReader
{
    /// <summary>Reads every frame of a capture with tshark, failing on any warning tshark prints about the file.</summary>
    public static List<TsharkFrame> Frames(string capture)
    {
        var result = ExternalTool.Run("tshark", "-r", capture, "-T", "ek", "-x");
        result.ExitCode.ShouldBe(0, $"tshark could not read {capture}: {result.StandardError}");
        ExternalTool.TsharkWarnings(result.StandardError).ShouldBeEmpty($"tshark warned while reading {capture}");
        var frames = new List<TsharkFrame>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("layers", out var layers)) continue;
            var frame = layers.GetProperty("frame");
            frames.Add(new TsharkFrame(
                layers.GetProperty("frame_raw").GetString()!,
                int.Parse(frame.GetProperty("frame_frame_encap_type").GetString()!),
                frame.GetProperty("frame_frame_time_epoch").GetString()!));
        }
        return frames;
    }
}
