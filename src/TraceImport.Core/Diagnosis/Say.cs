using System.Globalization;

namespace TraceImport.Diagnosis;

/// <summary>Numbers as findings write them: durations, counts of things, runs of packet numbers.</summary>
public static class Say
{
    /// <summary>"34 µs", "8.4 ms", "0.084 s", "4.16 s", "13.3 s".</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        < 0.001 => (seconds * 1e6).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 0.01 => (seconds * 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        < 1 => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s",
        < 10 => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>"1 retransmission", "3 retransmissions".</summary>
    public static string Count(long count, string one, string many) => $"{count:N0} {(count == 1 ? one : many)}";

    /// <summary>"4, 7–9, 12": packet numbers in order, runs joined.</summary>
    public static string Packets(IEnumerable<int> numbers)
    {
        var sorted = numbers.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : j == i + 1 ? $"{sorted[i]}, {sorted[j]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
