#!/usr/bin/python3
"""Writes fixtures/tshark/constructed-edited-tcp-app-never-answers-P-x.txt: the real `tshark -P -x` print of
tcp-app-never-answers.pcap edited the ways people edit a trace before posting it, each edit made once, on one line:
  packet 1  summary only: the source address anonymised (10.0.0.1 -> 192.168.1.10)
  packet 3  hex only: the source address's last byte changed (01 -> 63), checksums left as they were
  packet 5  summary only: the destination port changed (52826 -> 40000)
  packet 6  hex only: the TCP header length changed (32 -> 28 bytes), the checksum left as it was
  packet 8  summary only: the Length column retyped (66 -> 74)
The ASCII column is left as printed, as an editor leaves it."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SOURCE = os.path.join(ROOT, "fixtures", "tshark", "corpus-tcp-app-never-answers-P-x.txt")
TARGET = os.path.join(ROOT, "fixtures", "tshark", "constructed-edited-tcp-app-never-answers-P-x.txt")

# (line number, text before, text after): each must occur exactly once on its line
EDITS = [
    (1, "10.0.0.1 → 10.0.0.2", "192.168.1.10 → 10.0.0.2"),
    (20, "fa 47 0a 00 00 01 0a 00", "fa 47 0a 00 00 63 0a 00"),
    (35, "8080 → 52826", "8080 → 40000"),
    (47, "41 c0 80 11", "41 c0 70 11"),
    (59, "TCP 66 52826", "TCP 74 52826"),
]

lines = open(SOURCE, encoding="utf-8").read().split("\n")
for number, before, after in EDITS:
    if lines[number - 1].count(before) != 1:
        sys.exit(f"line {number} of the print does not hold {before!r} once")
    lines[number - 1] = lines[number - 1].replace(before, after)
open(TARGET, "w", encoding="utf-8").write("\n".join(lines))
print("wrote", TARGET)
