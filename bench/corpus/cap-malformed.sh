# Malformed IPv4, TCP and UDP headers, sent as raw frames by scapy and captured on the sender's interface.

cap_ip_malformed() {  # one datagram of each malformation (bench/corpus/malformed.py), a to b
  two_hosts
  capture_start a a0 "$1" ip
  nsx a $PY "$HERE/malformed.py" a0 $IP_A $IP_B $MAC_B
  capture_stop 1
}
