#!/usr/bin/python3
"""A fake DNS server for the tests of Praxis's TXT lookups: UDP on 127.0.0.1, port 0, and TCP on
the same port number (RFC 7766: each message prefixed by its length in two bytes).

Usage: fake-dns-server.py TABLE.json QUERY-LOG [--no-tcp]

TABLE maps a query name (lower case, no trailing dot) to what is answered:
  a list           TXT records; each is a string or a list of strings (one record split in several)
  "nxdomain"       response code 3
  "servfail"       response code 2
  "silent"         no answer at all (the client times out)
  "truncated"      an empty answer with the TC bit
  "malformed"      an answer whose record runs past the end of the packet
  "stray-first"    a reply with the wrong ID, then the real answer (v=DMARC1; p=reject)
  {"udp": U, "tcp": T}  U answered over UDP (any of the above) and T over TCP: any of the above, or
                   "garbage"  a length prefix of 300 followed by 40 bytes of noise, then closed
                   "cut"      the first half of the real answer (v=DMARC1; p=reject), then closed
                   "close"    the connection closed without an answer
Over TCP an entry that is not such a dict is answered as over UDP ("truncated" keeps its TC bit).
With --no-tcp nothing listens on TCP, so a client's connection is refused.
A name not in the table gets NOERROR with no answer. The port is printed on stdout as the first
line; each query's name is appended to QUERY-LOG, one a line, before it is answered. Written
apart from Praxis's own DNS code on purpose: the packets are made independently of the parser
under test. Runs until killed.
"""
import json
import socket
import struct
import sys
import threading


def read_name(packet, offset):
    labels = []
    while True:
        length = packet[offset]
        if length == 0:
            return ".".join(labels), offset + 1
        labels.append(packet[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length


def txt_rdata(record):
    chunks = [record] if isinstance(record, str) else record
    data = b""
    for chunk in chunks:
        raw = chunk.encode("utf-8")
        data += bytes([len(raw)]) + raw
    return data


def answer(query_id, question, flags, records):
    header = struct.pack(">HHHHHH", query_id, flags, 1, len(records), 0, 0)
    body = question
    for record in records:
        rdata = txt_rdata(record)
        # The owner name as a compression pointer to the question's name (offset 12).
        body += struct.pack(">HHHIH", 0xC00C, 16, 1, 300, len(rdata)) + rdata
    return header + body


def reply_for(entry, query_id, question, server=None, client=None):
    """The reply to send for ENTRY, or None for silence. A stray reply goes out first on SERVER."""
    response = 0x8180  # QR, RD, RA
    if entry == "silent":
        return None
    if entry == "nxdomain":
        return answer(query_id, question, response | 3, [])
    if entry == "servfail":
        return answer(query_id, question, response | 2, [])
    if entry == "truncated":
        return answer(query_id, question, response | 0x0200, [])
    if entry == "malformed":
        return answer(query_id, question, response, ["v=DMARC1; p=reject"])[:-8]
    if entry == "stray-first":
        if server is not None:
            server.sendto(answer(query_id ^ 0xFFFF, question, response, ["v=DMARC1; p=none"]), client)
        return answer(query_id, question, response, ["v=DMARC1; p=reject"])
    return answer(query_id, question, response, entry)


def parse_query(packet):
    query_id = struct.unpack(">H", packet[:2])[0]
    name, end = read_name(packet, 12)
    return query_id, name, packet[12:end + 4]


def read_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve_tcp_connection(connection, table, log):
    with connection:
        prefix = read_exactly(connection, 2)
        if prefix is None:
            return
        packet = read_exactly(connection, struct.unpack(">H", prefix)[0])
        if packet is None or len(packet) < 12:
            return
        query_id, name, question = parse_query(packet)
        log.write("tcp " + name.lower() + "\n")
        entry = table.get(name.lower(), [])
        if isinstance(entry, dict):
            entry = entry.get("tcp", [])
        if entry == "close":
            return
        if entry == "garbage":
            connection.sendall(struct.pack(">H", 300) + bytes(range(7, 47)))
            return
        if entry == "cut":
            reply = answer(query_id, question, 0x8180, ["v=DMARC1; p=reject"])
            connection.sendall(struct.pack(">H", len(reply)) + reply[:len(reply) // 2])
            return
        reply = reply_for(entry, query_id, question)
        if reply is None:
            # Silent: hold the connection open until the client gives up.
            connection.recv(1)
            return
        connection.sendall(struct.pack(">H", len(reply)) + reply)


def serve_tcp(listener, table, log):
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve_tcp_connection, args=(connection, table, log), daemon=True).start()


def bound_sockets(with_tcp):
    """A UDP socket on a free port and, with WITH_TCP, a TCP listener on the same port number."""
    while True:
        server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        server.bind(("127.0.0.1", 0))
        if not with_tcp:
            return server, None
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", server.getsockname()[1]))
        except OSError:
            server.close()
            listener.close()
            continue
        listener.listen(16)
        return server, listener


def main():
    table = json.load(open(sys.argv[1]))
    log = open(sys.argv[2], "a", buffering=1)
    server, listener = bound_sockets("--no-tcp" not in sys.argv[3:])
    if listener is not None:
        threading.Thread(target=serve_tcp, args=(listener, table, log), daemon=True).start()
    print(server.getsockname()[1], flush=True)
    while True:
        packet, client = server.recvfrom(4096)
        if len(packet) < 12:
            continue
        query_id, name, question = parse_query(packet)
        log.write(name.lower() + "\n")
        entry = table.get(name.lower(), [])
        if isinstance(entry, dict):
            entry = entry.get("udp", [])
        reply = reply_for(entry, query_id, question, server, client)
        if reply is not None:
            server.sendto(reply, client)


if __name__ == "__main__":
    main()
