# Application protocols from real daemons and clients: DNS, DHCP, NTP, SNMP, syslog, TFTP, HTTP, TLS, SIP.

cap_dns() {  # dnsmasq authoritative for corpus.test; dig asks for each RR type, with EDNS options, over UDP, TCP and IPv6
  two_hosts v6
  bg b dnsmasq -k --conf-file="$HERE/conf/dnsmasq-dns.conf" --pid-file="$WORKDIR/dnsmasq.pid" --user=root
  sleep 1
  capture_start a a0 "$1" port 53
  local q="nsx a dig @10.0.0.2 +tries=1 +time=2"
  $q www.corpus.test A +nocookie >/dev/null
  $q www.corpus.test AAAA +nsid >/dev/null
  $q corpus.test MX +cookie >/dev/null
  $q corpus.test TXT +subnet=10.0.0.0/24 >/dev/null
  $q _sip._udp.corpus.test SRV +noedns >/dev/null
  $q alias.corpus.test A +expire >/dev/null
  $q corpus.test NAPTR +padding=128 >/dev/null
  $q corpus.test CAA +ednsopt=65001:c0ffee >/dev/null
  $q corpus.test SSHFP +dnssec >/dev/null
  $q corpus.test SOA +norec >/dev/null
  $q corpus.test NS >/dev/null
  $q -x 10.0.0.80 >/dev/null
  $q nothere.corpus.test A >/dev/null
  $q www.example.org A >/dev/null
  $q corpus.test ANY +tcp >/dev/null
  $q corpus.test AXFR >/dev/null
  nsx a dig @fd00::2 +tries=1 +time=2 mail.corpus.test A >/dev/null
  capture_stop 1
}

cap_dhcp() {  # dnsmasq: DHCPv4 discover/offer/request/ack and release; DHCPv6 solicit..reply, information-request, release; RA
  two_hosts v6
  nsx a ip -4 addr flush dev a0; nsx a ip -6 addr del fd00::1/64 dev a0
  bg b dnsmasq -k --conf-file="$HERE/conf/dnsmasq-dhcp.conf" --pid-file="$WORKDIR/dnsmasq.pid" \
    --dhcp-leasefile="$WORKDIR/dnsmasq.leases" --user=root
  sleep 1
  capture_start a a0 "$1" 'udp port 67 or udp port 68 or udp port 546 or udp port 547 or icmp6[0] = 134 or icmp6[0] = 133'
  local dh=(dhclient -sf "$HERE/conf/dhclient-script.sh" -lf "$WORKDIR/dhclient.leases" -pf "$WORKDIR/dhclient.pid")
  nsx a "${dh[@]}" -4 -1 a0 >>"$WORKDIR/dhclient.log" 2>&1 || true
  nsx a "${dh[@]}" -4 -r a0 >>"$WORKDIR/dhclient.log" 2>&1 || true
  nsx a rdisc6 -1 a0 >/dev/null 2>&1 || true
  nsx a "${dh[@]}" -6 -1 a0 >>"$WORKDIR/dhclient.log" 2>&1 || true
  nsx a "${dh[@]}" -6 -r a0 >>"$WORKDIR/dhclient.log" 2>&1 || true
  nsx a "${dh[@]}" -6 -S -1 a0 >>"$WORKDIR/dhclient.log" 2>&1 || true
  capture_stop 1
}

cap_ntp() {  # chronyd serving its local clock; a one-shot chronyd client (-Q, clock untouched) queries it
  two_hosts
  { cat "$HERE/conf/chrony-server.conf"; echo "pidfile $WORKDIR/chrony-server.pid"; } > "$WORKDIR/chrony-server.conf"
  bg b chronyd -d -x -f "$WORKDIR/chrony-server.conf"
  sleep 1
  printf 'server %s iburst maxsamples 4\ncmdport 0\npidfile %s\n' $IP_B "$WORKDIR/chrony-client.pid" > "$WORKDIR/chrony-client.conf"
  capture_start a a0 "$1" udp port 123
  nsx a timeout 20 chronyd -Q -f "$WORKDIR/chrony-client.conf" >/dev/null 2>&1 || true
  capture_stop 1
}

cap_snmp() {  # snmpd: v1 and v2c get, getnext, walk, bulk, an error, a refused set, SNMPv3 authPriv, a v2c trap
  two_hosts
  mkdir -p "$WORKDIR/snmp"
  bg b env SNMP_PERSISTENT_DIR="$WORKDIR/snmp" MIBS= snmpd -f -Lo -C -c "$HERE/conf/snmpd.conf" -p "$WORKDIR/snmpd.pid"
  bg a socat -u UDP4-RECV:162 OPEN:/dev/null
  sleep 1.5
  capture_start a a0 "$1" udp port 161 or udp port 162
  local s="nsx a env MIBS= SNMP_PERSISTENT_DIR=$WORKDIR/snmpc"
  $s snmpget -v1 -c public -r0 -t2 $IP_B 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.3.0 >/dev/null || true
  $s snmpget -v1 -c public -r0 -t2 $IP_B 1.3.6.1.2.1.1.99.0 >/dev/null 2>&1 || true
  $s snmpgetnext -v2c -c public -r0 -t2 $IP_B 1.3.6.1.2.1.1.4 >/dev/null || true
  $s snmpwalk -v2c -c public -r0 -t2 $IP_B 1.3.6.1.2.1.1 >/dev/null || true
  $s snmpbulkget -v2c -c public -r0 -t2 -Cn1 -Cr4 $IP_B 1.3.6.1.2.1.1.3 1.3.6.1.2.1.2.2.1.2 >/dev/null || true
  $s snmpset -v2c -c public -r0 -t2 $IP_B 1.3.6.1.2.1.1.6.0 s "elsewhere" >/dev/null 2>&1 || true
  $s snmpget -v3 -l authPriv -u corpususer -a SHA -A corpus-auth-pass -x AES -X corpus-priv-pass -r0 -t2 $IP_B 1.3.6.1.2.1.1.5.0 >/dev/null || true
  $s snmptrap -v2c -c public $IP_A:162 '' 1.3.6.1.6.3.1.1.5.1 1.3.6.1.2.1.1.5.0 s "agent.corpus.test" >/dev/null || true
  capture_stop 1
}

cap_syslog() {  # logger to a listener: RFC 3164 and RFC 5424 over UDP 514 (several facilities), RFC 5424 over TCP 601
  two_hosts
  bg b socat -u UDP4-RECV:514 OPEN:/dev/null
  bg b socat -u TCP4-LISTEN:601,fork OPEN:/dev/null
  sleep 0.5
  capture_start a a0 "$1" port 514 or port 601
  local l="nsx a logger -n $IP_B -t corpus"
  $l -d -P 514 --rfc3164 -p user.notice "service started"
  $l -d -P 514 --rfc3164 -p auth.err "authentication failure for admin from 10.0.0.9"
  $l -d -P 514 --rfc5424 -p local0.info --msgid TEST --sd-id meta@32473 --sd-param 'sequenceId="1"' "structured message"
  $l -d -P 514 --rfc5424=notq,notime -p daemon.warning "no time quality, no time"
  $l -d -P 514 --rfc3164 -p kern.crit "disk failure imminent"
  $l -T -P 601 --rfc5424 -p local7.debug --octet-count "over TCP with octet counting"
  capture_stop 1
}

cap_tftp() {  # tftpd-hpa: tftp-hpa get and put, a missing file, and curl's get with blksize/tsize options (OACK)
  two_hosts
  mkdir -p "$WORKDIR/tftp"; chmod 777 "$WORKDIR/tftp"
  $PY -c "import sys; sys.stdout.write(''.join('line %04d of the corpus tftp file\n' % i for i in range(90)))" > "$WORKDIR/tftp/boot.txt"
  bg b in.tftpd --listen --foreground --address $IP_B:69 --secure --create --user root "$WORKDIR/tftp"
  sleep 0.5
  capture_start a a0 "$1" udp
  (cd "$WORKDIR" && nsx a tftp -m binary $IP_B -c get boot.txt got.txt) || true
  (cd "$WORKDIR" && nsx a tftp -m netascii $IP_B -c put got.txt uploaded.txt) || true
  (cd "$WORKDIR" && nsx a tftp $IP_B -c get missing.txt nothing.txt) >/dev/null 2>&1 || true
  nsx a curl -s --tftp-blksize 1024 -o /dev/null tftp://$IP_B/boot.txt || true
  capture_stop 1
}

cap_http() {  # Python's HTTP/1.1 server and curl: keep-alive GETs, HEAD, 404, a refused POST, conditional GET, IPv6
  two_hosts v6
  mkdir -p "$WORKDIR/www"; printf '<html><body>corpus</body></html>\n' > "$WORKDIR/www/index.html"
  $PY -c "print('x' * 3000)" > "$WORKDIR/www/big.txt"
  bg b $PY -m http.server --protocol HTTP/1.1 --bind :: --directory "$WORKDIR/www" 8000
  sleep 1
  capture_start a a0 "$1" tcp port 8000
  nsx a curl -s -o /dev/null -o /dev/null -A "corpus-client/1.0" -H "Accept-Language: en" http://10.0.0.2:8000/ http://10.0.0.2:8000/big.txt
  nsx a curl -s -I http://10.0.0.2:8000/index.html >/dev/null
  nsx a curl -s -o /dev/null http://10.0.0.2:8000/missing
  nsx a curl -s -o /dev/null -d "name=value&other=2" http://10.0.0.2:8000/form
  nsx a curl -s -o /dev/null -H "If-Modified-Since: Wed, 01 Jan 2025 00:00:00 GMT" --compressed http://10.0.0.2:8000/index.html
  nsx a curl -s -o /dev/null "http://[fd00::2]:8000/index.html?q=1" || true
  capture_stop 1
}

cap_tls() {  # openssl s_server and s_client with SNI and ALPN: TLS 1.3, then TLS 1.2 with an ECDHE-RSA-AES128-GCM suite
  two_hosts
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=www.corpus.test" -keyout "$WORKDIR/key.pem" -out "$WORKDIR/cert.pem" 2>/dev/null
  rm -f "${1%.pcap}.keys"  # s_client appends to its key log
  bg b openssl s_server -accept 4433 -cert "$WORKDIR/cert.pem" -key "$WORKDIR/key.pem" -www -alpn http/1.1
  sleep 1
  capture_start a a0 "$1" tcp port 4433
  printf 'GET / HTTP/1.0\r\n\r\n' | nsx a timeout 5 openssl s_client -connect $IP_B:4433 -servername www.corpus.test -alpn http/1.1 -tls1_3 -keylogfile "${1%.pcap}.keys" -quiet >/dev/null 2>&1 || true
  printf 'GET / HTTP/1.0\r\n\r\n' | nsx a timeout 5 openssl s_client -connect $IP_B:4433 -servername www.corpus.test -alpn http/1.1 -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -keylogfile "${1%.pcap}.keys" -quiet >/dev/null 2>&1 || true
  capture_stop 1
}

cap_sip() {  # SIPp's built-in UAC and UAS: two calls (INVITE, 100, 180, 200, ACK, BYE, 200) with SDP, over UDP
  two_hosts
  bg b sipp -sn uas -i $IP_B -p 5060 -nostdin -trace_err -error_file /dev/null
  sleep 1
  capture_start a a0 "$1" udp port 5060 or udp port 5061
  nsx a timeout 15 sipp -sn uac $IP_B:5060 -i $IP_A -p 5061 -m 2 -r 1 -d 500 -nostdin >/dev/null 2>&1 || true
  capture_stop 1
}
