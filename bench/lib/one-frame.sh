# Shared by bench/decode-one-frame.sh and bench/aot-compare.sh (sourced, not run).
# write_pasted_frame FILE: the SYN of the seed case study as a user pastes it (masked MAC bytes,
# 16 bytes a row), so both scripts time the decode of the same frame.
write_pasted_frame() {
  printf 'XXXXXXXX 820EXXXX XXXX8E60 08004500\n003C7772 00003E06 0271C0A8 821DAC10\n14030419 0015DBC1 0ED30000 0000A002\n80002BE7 00000204 05640103 03000101\n080A738E 68450000 0000\n' > "$1"
}

# per_run COMMAND...: seconds per whole-process run of COMMAND, over $runs runs, output discarded.
per_run() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s.%N)
  echo "($end - $start) / $runs" | bc -l
}
