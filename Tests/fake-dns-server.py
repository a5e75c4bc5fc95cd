#!/usr/bin/python3
"""A fake DNS server for the tests of Praxis's TXT lookups: UDP on 127.0.0.1, port 0.

Usage: fake-dns-server.py TABLE.json QUERY-LOG

TABLE maps a query name (lower case, no trailing dot) to what is answered:
  a list           TXT records; each is a string or a list of strings (one record split in several)
  "nxdomain"       response code 3
  "servfail"       response code 2
  "silent"         no answer at all (the client times out)
  "truncated"      an empty answer with the TC bit
  "malformed"      an answer whose record runs past the end of the packet
  "stray-first"    a reply with the wrong ID, then the real answer (v=DMARC1; p=reject)
A name not in the table gets NOERROR with no answer. The port is printed on stdout as the first
line; each query's name is appended to QUERY-LOG, one a line, before it is answered. Written
apart from Praxis's own DNS code on purpose: the packets are made independently of the parser
under test. Runs until killed.
"""
import json
import socket
import struct
import sys


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


def main():
    table = json.load(open(sys.argv[1]))
    log = open(sys.argv[2], "a", buffering=1)
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    print(server.getsockname()[1], flush=True)
    while True:
        packet, client = server.recvfrom(4096)
        if len(packet) < 12:
            continue
        query_id = struct.unpack(">H", packet[:2])[0]
        name, end = read_name(packet, 12)
        question = packet[12:end + 4]
        log.write(name.lower() + "\n")
        entry = table.get(name.lower(), [])
        response = 0x8180  # QR, RD, RA
        if entry == "silent":
            continue
        if entry == "nxdomain":
            reply = answer(query_id, question, response | 3, [])
        elif entry == "servfail":
            reply = answer(query_id, question, response | 2, [])
        elif entry == "truncated":
            reply = answer(query_id, question, response | 0x0200, [])
        elif entry == "malformed":
            reply = answer(query_id, question, response, ["v=DMARC1; p=reject"])[:-8]
        elif entry == "stray-first":
            server.sendto(answer(query_id ^ 0xFFFF, question, response, ["v=DMARC1; p=none"]), client)
            reply = answer(query_id, question, response, ["v=DMARC1; p=reject"])
        else:
            reply = answer(query_id, question, response, entry)
        server.sendto(reply, client)


if __name__ == "__main__":
    main()
