# TCP pathologies: each capture holds one kind of event tshark's tcp.analysis flags.

cap_tcp_retransmission() {  # RTO retransmissions: the wire drops requests 2 and 4 once each
  wired_hosts --drop-out 2,4
  tcp_server b echo 7001
  capture_start a a0 "$1" tcp
  tcp_client a requests $IP_B 7001
  capture_stop 1
}

cap_tcp_fast_retransmission() {  # data segment 5 dropped after the sender's capture point
  wired_hosts --drop-out 5
  tcp_server b sink 7002
  capture_start a a0 "$1" tcp
  tcp_client a bulk:40000 $IP_B 7002
  capture_stop 1
}

cap_tcp_lost_segment() {  # the same loss seen at the receiver: the segment never arrives there
  wired_hosts --drop-out 5
  tcp_server b sink 7003
  capture_start b b0 "$1" tcp
  tcp_client a bulk:40000 $IP_B 7003
  capture_stop 1
}

cap_tcp_acked_unseen() {  # the capture misses one segment (a filter), the receiver acknowledges it
  two_hosts
  tcp_server b sink 7004
  capture_start b b0 "$1" 'tcp and (ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) = 0 or not tcp[((tcp[12] & 0xf0) >> 2):4] = 0x58534b49)'
  tcp_client a messages $IP_B 7004
  capture_stop 1
}

cap_tcp_out_of_order() {  # the wire holds data segment 4 back until segment 5 has passed
  wired_hosts --hold-out 4
  tcp_server b sink 7005
  capture_start b b0 "$1" tcp
  tcp_client a bulk:20000 $IP_B 7005
  capture_stop 1
}

cap_tcp_spurious_retransmission() {  # the receiver's ACK is delayed 1.5 s, the sender retransmits needlessly
  wired_hosts --delay-acks-in 2:1500
  tcp_server b hold 7006
  capture_start b b0 "$1" tcp
  tcp_client a one-request $IP_B 7006
  capture_stop 1
}

cap_tcp_zero_window() {  # the receiver has a 4 KB buffer and reads nothing for 3 s
  two_hosts
  tcp_server b slow-reader 7007
  capture_start a a0 "$1" tcp
  tcp_client a bulk:60000 $IP_B 7007
  capture_stop 1
}

cap_tcp_keepalive() {  # an idle connection with 1 s keep-alives
  two_hosts
  tcp_server b keepalive 7008
  capture_start a a0 "$1" tcp
  tcp_client a keepalive $IP_B 7008
  capture_stop 1
}

cap_tcp_reused_ports() {  # three connections from source port 40000: after the server's close, after a reset
  two_hosts
  tcp_server b close-first 7009
  capture_start a a0 "$1" tcp
  tcp_client a reuse $IP_B 7009
  capture_stop 1
}

cap_tcp_rst_after_data() {  # a reply cut by RST; a request left unread and answered by RST
  two_hosts
  tcp_server b rst-after-data 7010
  capture_start a a0 "$1" tcp
  tcp_client a rst-after-data $IP_B 7010
  capture_stop 1
}

cap_tcp_listen_backlog() {  # listen(1) and no accept for 5 s: SYNs dropped and answered seconds late
  two_hosts
  tcp_server b backlog 7011
  capture_start a a0 "$1" tcp
  tcp_client a backlog $IP_B 7011
  capture_stop 1
}

cap_tcp_command_unacked() {  # after the banner the server's firewall drops all its TCP: the command is retransmitted until the client gives up
  two_hosts
  tcp_server b banner-then-mute 2121
  capture_start a a0 "$1" tcp
  ( sleep 0.5; nsx b nft add table inet mute; nsx b nft add chain inet mute out '{ type filter hook output priority 0; }'
    nsx b nft add rule inet mute out tcp sport 2121 drop ) &
  local rules=$!
  tcp_client a command-unacked $IP_B 2121
  wait $rules
  capture_stop 1
}

cap_tcp_app_never_answers() {  # the request is acknowledged, no answer comes; the client gives up after 6 s
  two_hosts
  tcp_server b never-answer 8080
  capture_start a a0 "$1" tcp
  tcp_client a never-answered $IP_B 8080
  capture_stop 1
}

cap_tcp_mss_blackhole() {  # the path drops frames over 1200 bytes; the sender falls back by MTU probing
  wired_hosts --drop-above 1200
  nsx a sysctl -qw net.ipv4.tcp_mtu_probing=1
  tcp_server b sink 7012
  capture_start a a0 "$1" tcp
  nsx a timeout 20 $PY "$HERE/tcpapp.py" client bulk:20000 $IP_B 7012 >>"$WORKDIR/client.log" 2>&1 || true
  capture_stop 1
}

cap_tcp_rtt_delay() {  # 40 ms each way through the wire: handshake RTT and request/response timing
  wired_hosts --delay-ms 40
  tcp_server b echo 7013
  capture_start a a0 "$1" tcp
  tcp_client a requests $IP_B 7013
  capture_stop 1
}

cap_tcp_middlebox_reset() {  # a firewall on the router between client and server resets two connections in the server's name
  routed_hosts
  nsx a ip addr add $IP_A/24 dev a0; nsx a ip route add default via 10.0.0.254
  # 7014: a request holding "forbidden" is refused; 7015: once the server has sent 1,500 bytes, the client's next segment is
  nsx r iptables -A FORWARD -p tcp --dport 7014 -m string --string forbidden --algo bm -j REJECT --reject-with tcp-reset
  nsx r iptables -A FORWARD -p tcp --dport 7015 -m connbytes --connbytes 1500: --connbytes-dir reply --connbytes-mode bytes -j REJECT --reject-with tcp-reset
  tcp_server b echo 7014
  tcp_server b stream 7015
  nsx a ping -c1 -W1 10.1.0.2 >/dev/null
  capture_start a a0 "$1" tcp
  nsx a $PY "$HERE/tcpapp.py" client blocked 10.1.0.2 7014 >>"$WORKDIR/client.log" 2>&1
  sleep 0.3
  nsx a $PY "$HERE/tcpapp.py" client download 10.1.0.2 7015 >>"$WORKDIR/client.log" 2>&1
  capture_stop 2
}
