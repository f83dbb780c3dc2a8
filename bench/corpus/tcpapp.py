#!/usr/bin/python3
"""Small TCP servers and clients whose behaviour makes one TCP pathology each.

server MODE PORT and client MODE HOST PORT; every mode is deterministic in what it sends and when.
"""
import socket
import struct
import sys
import time

TCP_USER_TIMEOUT = 18
TCP_FASTOPEN = 23
TCP_FASTOPEN_CONNECT = 30
MSG_FASTOPEN = 0x20000000
TCP_MD5SIG = 14
IPPROTO_MPTCP = 262


def listener(port, backlog=16, family=socket.AF_INET, rcvbuf=None, proto=0, host=""):
    s = socket.socket(family, socket.SOCK_STREAM, proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((host, port))
    s.listen(backlog)
    return s


def read_all(c):
    data = b""
    while True:
        chunk = c.recv(65536)
        if not chunk:
            return data
        data += chunk


def reset_close(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def connect(host, port, family=socket.AF_INET, bind_port=None, proto=0):
    s = socket.socket(family, socket.SOCK_STREAM, proto)
    if bind_port:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", bind_port))
    s.connect((host, port))
    return s


# ---------------------------------------------------------------- servers

def server(mode, port):
    if mode == "echo":  # reply to each request with the same length, until the peer closes
        s = listener(port)
        while True:
            c, _ = s.accept()
            while True:
                data = c.recv(65536)
                if not data:
                    break
                c.sendall(b"R" * len(data))
            c.close()
    elif mode == "sink":  # read everything, then answer "done" and close
        s = listener(port)
        while True:
            c, _ = s.accept()
            n = len(read_all(c))
            c.sendall(b"received %d\n" % n)
            c.close()
    elif mode == "slow-reader":  # a small receive buffer, nothing read for 3 s, then slow reads
        s = listener(port, rcvbuf=4096)
        c, _ = s.accept()
        time.sleep(3)
        while True:
            data = c.recv(2048)
            if not data:
                break
            time.sleep(0.05)
        c.close()
    elif mode == "hold":  # read the request, answer only after 3 s
        s = listener(port)
        c, _ = s.accept()
        req = c.recv(65536)
        time.sleep(3)
        c.sendall(b"OK " + str(len(req)).encode() + b"\n")
        time.sleep(0.5)
        c.close()
    elif mode == "close-first":  # answer and close first (this side keeps TIME_WAIT), then RST the next
        s = listener(port)
        c, _ = s.accept(); c.recv(100); c.sendall(b"first\n"); c.close()
        c, _ = s.accept(); c.recv(100); c.sendall(b"second\n"); reset_close(c)
        c, _ = s.accept(); c.recv(100); c.sendall(b"third\n"); c.close()
        time.sleep(2)
    elif mode == "rst-after-data":
        s = listener(port)
        # 1: answer part of a reply, then abort the connection
        c, _ = s.accept(); c.recv(100); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b"x" * 1000)
        time.sleep(0.2); reset_close(c)
        # 2: close with the request unread: the kernel answers with RST
        c, _ = s.accept(); time.sleep(0.3); c.close()
        time.sleep(2)
    elif mode == "backlog":  # listen(1) and accept nothing for 5 s
        s = listener(port, backlog=1)
        time.sleep(5)
        conns = []
        end = time.time() + 12
        s.settimeout(0.5)
        while time.time() < end:
            try:
                c, _ = s.accept()
                conns.append(c)
                c.settimeout(1)
                try:
                    c.sendall(b"hello " + c.recv(100))
                except socket.timeout:
                    pass
            except socket.timeout:
                pass
        for c in conns:
            c.close()
    elif mode == "stream":  # reads a request, then sends 16 chunks of 200 bytes 50 ms apart and closes
        s = listener(port)
        c, _ = s.accept()
        c.recv(100)
        for i in range(16):
            c.sendall(b"%03d " % i + b"s" * 195 + b"\n")
            time.sleep(0.05)
        c.close()
        time.sleep(8)
    elif mode == "banner-then-mute":  # a banner, then the script's firewall drops every reply
        s = listener(port)
        c, _ = s.accept()
        c.sendall(b"220 service ready\r\n")
        time.sleep(30)
    elif mode == "never-answer":  # reads the request and never answers; closes when the peer does
        s = listener(port)
        c, _ = s.accept()
        read_all(c)
        c.close()
    elif mode == "keepalive":
        s = listener(port)
        c, _ = s.accept()
        c.recv(100); c.sendall(b"ok\n")
        read_all(c); c.close()
    elif mode == "fastopen":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, 16)
        s.bind(("", port)); s.listen(16)
        while True:
            c, _ = s.accept(); d = c.recv(1000); c.sendall(b"echo " + d); c.close()
    elif mode == "md5":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, md5sig("10.0.0.1", b"corpus-secret"))
        s.bind(("", port)); s.listen(4)
        c, _ = s.accept(); d = c.recv(1000); c.sendall(b"signed " + d); c.close()
    elif mode == "mptcp":
        s = listener(port, proto=IPPROTO_MPTCP)
        c, _ = s.accept()
        n = len(read_all(c))
        c.sendall(b"received %d\n" % n); c.close()
    elif mode == "echo6":  # the same as echo, on IPv6 (and IPv4-mapped) addresses
        s = listener(port, family=socket.AF_INET6)
        while True:
            c, _ = s.accept()
            while True:
                data = c.recv(65536)
                if not data:
                    break
                c.sendall(b"R" * len(data))
            c.close()
    else:
        sys.exit("unknown server mode " + mode)


def md5sig(addr, key):
    # struct tcp_md5sig: sockaddr_storage (128), flags u8, prefixlen u8, keylen u16, ifindex int, key[80]
    sa = struct.pack("!HH4s", socket.AF_INET, 0, socket.inet_aton(addr))
    sa = struct.pack("=H", socket.AF_INET) + sa[2:]
    sa = sa.ljust(128, b"\0")
    return sa + struct.pack("=BBHi", 0, 0, len(key), 0) + key.ljust(80, b"\0")


# ---------------------------------------------------------------- clients

def client(mode, host, port):
    if mode == "requests":  # five request/response exchanges of 100 bytes, 0.3 s apart
        s = connect(host, port)
        for i in range(5):
            s.sendall(bytes([0x41 + i]) * 100)
            got = 0
            while got < 100:
                got += len(s.recv(100 - got))
            time.sleep(0.3)
        s.close()
    elif mode.startswith("bulk"):  # bulk:N send N bytes, half-close, read the answer
        n = int(mode.split(":")[1])
        s = connect(host, port)
        s.sendall(b"".join(b"%08d " % i + b"." * 91 + b"\n" for i in range(n // 100)))
        s.shutdown(socket.SHUT_WR)
        read_all(s); s.close()
    elif mode == "messages":  # ten 100-byte messages 0.1 s apart, the fourth carrying a marker
        s = connect(host, port)
        for i in range(10):
            s.sendall((b"XSKIPX" if i == 3 else b"MSG%03d" % i) + b"." * 94)
            time.sleep(0.1)
        s.shutdown(socket.SHUT_WR); read_all(s); s.close()
    elif mode == "one-request":
        s = connect(host, port)
        s.sendall(b"Q" * 1000)
        print(s.recv(100)); time.sleep(0.2); s.close()
    elif mode == "reuse":  # three connections from the same source port
        for i in range(3):
            s = connect(host, port, bind_port=40000)
            s.sendall(b"hello %d\n" % i)
            try:
                read_all(s)
            except ConnectionResetError:
                pass
            s.close()
            time.sleep(0.5)
    elif mode == "rst-after-data":
        s = connect(host, port)
        s.sendall(b"GET /big HTTP/1.1\r\nHost: b\r\n\r\n")
        try:
            read_all(s)
        except ConnectionResetError:
            pass
        s.close()
        time.sleep(0.3)
        s = connect(host, port)
        s.sendall(b"unread request\n")
        time.sleep(1)
        try:
            s.sendall(b"more\n")
            read_all(s)
        except (ConnectionResetError, BrokenPipeError):
            pass
        s.close()
    elif mode == "backlog":  # four connections 0.1 s apart, each sends its name once connected
        import threading

        def one(i):
            try:
                s = connect(host, port)
                s.sendall(b"client%d\n" % i)
                s.settimeout(15)
                s.recv(100)
                s.close()
            except OSError:
                pass
        ts = [threading.Thread(target=one, args=(i,)) for i in range(4)]
        for t in ts:
            t.start(); time.sleep(0.1)
        for t in ts:
            t.join()
    elif mode == "command-unacked":  # read the banner, wait for the firewall, send one command
        s = connect(host, port)
        s.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, 14000)
        print(s.recv(100), flush=True)
        time.sleep(1.0)
        s.sendall(b"RETR report.txt\r\n")
        try:
            s.recv(100)
        except OSError as e:
            print("gave up:", e)
        s.close()
    elif mode == "blocked":  # one request answered, then one a firewall on the path refuses
        s = connect(host, port)
        for request in (b"GET /index.html\r\n", b"GET /forbidden.html\r\n"):
            try:
                s.sendall(request.ljust(100, b" "))
                got = 0
                while got < 100:
                    chunk = s.recv(100 - got)
                    if not chunk:
                        break
                    got += len(chunk)
            except ConnectionResetError as e:
                print("reset:", e)
                break
            time.sleep(0.3)
        s.close()
    elif mode == "download":  # ask for a stream and read it until it ends or is reset
        s = connect(host, port)
        s.sendall(b"GET /stream\r\n")
        try:
            read_all(s)
        except ConnectionResetError as e:
            print("reset:", e)
        s.close()
    elif mode == "never-answered":
        s = connect(host, port)
        s.sendall(b"GET /status HTTP/1.1\r\nHost: server\r\n\r\n")
        s.settimeout(6)
        try:
            s.recv(100)
        except socket.timeout:
            pass
        s.close()
        time.sleep(0.5)
    elif mode == "keepalive":
        s = connect(host, port)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        s.sendall(b"hi\n"); s.recv(100)
        time.sleep(4.5)
        s.close()
        time.sleep(0.3)
    elif mode == "fastopen":  # the first connection gets a cookie, the next two carry data in the SYN
        for i in range(3):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.sendto(b"request %d" % i, MSG_FASTOPEN, (host, port))
            s.recv(100); s.close(); time.sleep(0.3)
    elif mode == "md5":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, md5sig(host, b"corpus-secret"))
        s.connect((host, port)); s.sendall(b"hello\n"); s.recv(100); s.close(); time.sleep(0.3)
    elif mode.startswith("mptcp"):
        n = int(mode.split(":")[1])
        s = connect(host, port, proto=IPPROTO_MPTCP)
        time.sleep(1.0)  # let the path manager add the second subflow
        for i in range(n // 1000):
            s.sendall(b"%04d" % i + b"m" * 996)
            time.sleep(0.01)
        s.shutdown(socket.SHUT_WR); read_all(s); s.close(); time.sleep(0.5)
    elif mode == "short":  # three exchanges of 200 bytes, over IPv4 or IPv6 by the address
        s = connect(host, port, family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        for i in range(3):
            s.sendall(bytes([0x61 + i]) * 200)
            got = 0
            while got < 200:
                got += len(s.recv(200 - got))
        s.close()
    else:
        sys.exit("unknown client mode " + mode)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        client(sys.argv[2], sys.argv[3], int(sys.argv[4]))
