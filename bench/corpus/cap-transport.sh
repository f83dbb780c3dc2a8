# TCP options beyond the handshake defaults: Fast Open, MD5 signatures, MPTCP, ECN, TCP over IPv6.

cap_tcp_fastopen() {  # the first connection fetches a cookie, the next two carry data in the SYN
  two_hosts
  nsx a sysctl -qw net.ipv4.tcp_fastopen=1; nsx b sysctl -qw net.ipv4.tcp_fastopen=2
  tcp_server b fastopen 7100
  capture_start a a0 "$1" tcp
  tcp_client a fastopen $IP_B 7100
  capture_stop 1
}

cap_tcp_md5() {  # RFC 2385 signatures on every segment (key "corpus-secret")
  two_hosts
  tcp_server b md5 7104
  capture_start a a0 "$1" tcp
  tcp_client a md5 $IP_B 7104
  capture_stop 1
}

cap_tcp_ecn() {  # ECN negotiated; b's firewall marks every 7th arriving data packet CE
  two_hosts
  nsx a sysctl -qw net.ipv4.tcp_ecn=1
  nsx b nft add table ip marks
  nsx b nft add chain ip marks pre '{ type filter hook prerouting priority 0; }'
  nsx b nft add rule ip marks pre tcp dport 7101 ip length gt 100 numgen inc mod 7 == 3 ip ecn set ce
  tcp_server b sink 7101
  capture_start a a0 "$1" tcp
  tcp_client a bulk:30000 $IP_B 7101
  capture_stop 1
}

cap_mptcp() {  # Multipath TCP over two links: MP_CAPABLE, DSS, ADD_ADDR, MP_JOIN; both links captured
  ns_add a; ns_add b
  veth a a0 $MAC_A b b0 $MAC_B
  veth a a1 02:00:00:00:01:0a b b1 02:00:00:00:01:0b
  nsx a ip addr add $IP_A/24 dev a0; nsx b ip addr add $IP_B/24 dev b0
  nsx a ip addr add 10.0.1.1/24 dev a1; nsx b ip addr add 10.0.1.2/24 dev b1
  nsx a ip mptcp limits set subflow 2 add_addr_accepted 2
  nsx b ip mptcp limits set subflow 2 add_addr_accepted 2
  nsx b ip mptcp endpoint add 10.0.1.2 dev b1 signal
  nsx a ping -c1 -W1 $IP_B >/dev/null; nsx a ping -c1 -W1 10.0.1.2 >/dev/null
  tcp_server b mptcp 7102
  local first="$WORKDIR/mptcp-a0.pcap" second="$WORKDIR/mptcp-a1.pcap" cap1
  capture_start a a0 "$first" tcp; cap1=$CAPPID
  capture_start a a1 "$second" tcp
  tcp_client a mptcp:20000 $IP_B 7102
  capture_stop 1
  CAPPID=$cap1; capture_stop 0
  mergecap -F pcapng -w "${1%.pcap}.pcapng" "$first" "$second"
}

cap_tcp_ipv6() {  # request/response over IPv6, with neighbour discovery first
  two_hosts v6
  tcp_server b echo6 7103
  capture_start a a0 "$1"
  tcp_client a short fd00::2 7103
  capture_stop 1
}
