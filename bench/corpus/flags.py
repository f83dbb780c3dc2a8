#!/usr/bin/python3
"""Which tcp.analysis.* flags tshark sets on which frames of a capture: one line per flag."""
import subprocess
import sys
import xml.etree.ElementTree as ET

FLAGS = ["retransmission", "fast_retransmission", "spurious_retransmission", "duplicate_ack",
         "lost_segment", "ack_lost_segment", "out_of_order", "zero_window", "zero_window_probe",
         "zero_window_probe_ack", "window_full", "window_update", "keep_alive", "keep_alive_ack",
         "reused_ports", "rto"]


def flags(path):
    pdml = subprocess.run(["tshark", "-r", path, "-Y", "tcp.analysis.flags", "-T", "pdml"],
                          capture_output=True, check=True).stdout
    found = {}
    for packet in ET.fromstring(pdml).iter("packet"):
        number = int(packet.find("proto[@name='geninfo']/field[@name='num']").get("show"))
        names = {f.get("name") for f in packet.iter("field")}
        for flag in FLAGS:
            if "tcp.analysis." + flag in names:
                found.setdefault(flag, []).append(number)
    return found


def ranges(numbers):
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(str(start) if start == prev else "%d-%d" % (start, prev))
            start = prev = n
    return ",".join(out)


if __name__ == "__main__":
    for flag, numbers in flags(sys.argv[1]).items():
        print("%s %d: %s" % (flag, len(numbers), ranges(numbers)))
