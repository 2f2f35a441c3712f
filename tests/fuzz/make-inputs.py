#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# make-inputs.py: writes the hand-made fuzz inputs of tests/fuzz/: the
# reproducers of known bugs in regressions/ and the seeds the data
# directories lack in corpus/ (pcapng, IPv6, lesson keys no built-in lesson
# uses).  The files are committed; run this again only to change them.
#
# Usage: tests/fuzz/make-inputs.py

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    path = os.path.join(HERE, path)
    with open(path, 'wb') as f:
        f.write(data)
    print(f'{os.path.relpath(path, HERE)}: {len(data)} bytes')


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload=b'', v6=False):
    """An Ethernet frame with a TCP segment, checksums right."""
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    if v6:
        pseudo = src + dst + struct.pack('!IxxxB', len(tcp), 6)
        tcp = tcp[:16] + struct.pack('!H', checksum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack('!IHBB', 6 << 28, len(tcp), 6, 64) + src + dst
        ethertype = 0x86dd
    else:
        pseudo = src + dst + struct.pack('!xBH', 6, len(tcp))
        tcp = tcp[:16] + struct.pack('!H', checksum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
        ethertype = 0x0800
    eth = bytes.fromhex('020000000002') + bytes.fromhex('020000000001') + struct.pack('!H', ethertype)
    return eth + ip + tcp


V4 = (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
V6 = (bytes.fromhex('20010db8000000000000000000000001'), bytes.fromhex('20010db8000000000000000000000002'))
SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08


def handshake(addresses, v6=False):
    """SYN, SYN+ACK, ACK, 5 bytes, their ACK, FIN+ACK both ways, last ACK."""
    c, s = addresses
    cp, sp = 43098, 5000
    return [
        tcp_frame(c, s, cp, sp, 1000, 0, SYN, v6=v6),
        tcp_frame(s, c, sp, cp, 5000, 1001, SYN | ACK, v6=v6),
        tcp_frame(c, s, cp, sp, 1001, 5001, ACK, v6=v6),
        tcp_frame(c, s, cp, sp, 1001, 5001, PSH | ACK, b'hello', v6=v6),
        tcp_frame(s, c, sp, cp, 5001, 1006, ACK, v6=v6),
        tcp_frame(c, s, cp, sp, 1006, 5001, FIN | ACK, v6=v6),
        tcp_frame(s, c, sp, cp, 5001, 1007, FIN | ACK, v6=v6),
        tcp_frame(c, s, cp, sp, 1007, 5002, ACK, v6=v6),
    ]


def pcap(frames, records=None):
    """Classic pcap, microseconds, Ethernet. @records: (sec, usec, caplen,
    len) per frame, to lie about the lengths."""
    out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    for i, frame in enumerate(frames):
        sec, usec, caplen, length = records[i] if records else (1704067200, i * 10000, len(frame), len(frame))
        out += struct.pack('<IIII', sec, usec, caplen, length) + frame
    return out


def pcapng_block(block_type, body):
    body += b'\0' * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack('<II', block_type, length) + body + struct.pack('<I', length)


def pcapng(frames, tsresol=None, timestamps=None):
    """A section, one Ethernet interface (with if_tsresol when given) and an
    Enhanced Packet Block per frame; @timestamps in the interface's units."""
    shb = pcapng_block(0x0a0d0d0a, struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1))
    options = b''
    if tsresol is not None:
        options = struct.pack('<HHB3x', 9, 1, tsresol) + struct.pack('<HH', 0, 0)
    idb = pcapng_block(1, struct.pack('<HHI', 1, 0, 0) + options)
    out = shb + idb
    for i, frame in enumerate(frames):
        ts = timestamps[i] if timestamps else 1704067200_000000 + i * 10000
        out += pcapng_block(6, struct.pack('<IIIII', 0, ts >> 32, ts & 0xffffffff, len(frame), len(frame)) + frame)
    return out


LESSON = b'''[Lesson]
Title=A lesson that starts with a byte order mark

[Client]
Script=connect; send 100; close

[Server]
Script=listen; wait-for eof; close
'''

# --- regressions: each known bug's input ------------------------------------

# if_tsresol=0 (units of 10^0 s): 86994416557 s, times 10^9 to make
# nanoseconds, overflows a signed 64-bit integer.
write('regressions/capture/pcapng-tsresol-0-huge-timestamp.pcapng',
      pcapng(handshake(V4)[:2], tsresol=0, timestamps=[86994416557, 86994416558]))

# A record that says more bytes were captured than were on the wire.
frames = handshake(V4)[:3]
write('regressions/capture/pcap-caplen-over-len.pcap',
      pcap(frames, records=[(1704067200, 0, len(frames[0]), len(frames[0])),
                            (1704067200, 10000, len(frames[1]), 20),
                            (1704067200, 20000, len(frames[2]), len(frames[2]))]))

# A lesson saved by an editor that writes a UTF-8 byte order mark.
write('regressions/lesson/utf8-bom.lesson', b'\xef\xbb\xbf' + LESSON)

# --- seeds the data directories lack ---------------------------------------

write('corpus/capture/handshake-v4.pcapng', pcapng(handshake(V4)))
write('corpus/capture/handshake-v6-nanoseconds.pcapng',
      pcapng(handshake(V6, v6=True), tsresol=9,
             timestamps=[1704067200_000000000 + i * 10_000_000 for i in range(8)]))
write('corpus/capture/handshake-v6.pcap', pcap(handshake(V6, v6=True)))

write('corpus/lesson/udp-compare.lesson', b'''[Lesson]
Title=UDP and TCP, side by side
Transport=compare
Duration=2s

[Client]
Address=2001:db8::1
Script=connect; send 1200; send "hi; there"; wait 5ms; at 20ms; close

[Server]
Address=2001:db8::2
Port=80
Script=listen; wait-for established; wait-for 1200 bytes; wait-for eof; close

[Network]
Delay=5ms
Jitter=1ms
Duplicate=10%
Reorder=0.2
''')

write('corpus/lesson/window-and-queue.lesson', b'''[Lesson]
Title=A small window behind a slow link
Topic=flow-control
Profile=rfc
Seed=42

[Transfer]
Bytes=20KiB

[Client]
Name=alice
ISN=4294967000
MSS=536
SendBuffer=4KiB
WindowScale=none
Timestamps=on
Nagle=false
Script=connect; send transfer; shutdown; wait-for eof; abort

[Server]
Name=bob
ISN=0
ReceiveBuffer=2KiB
AutoRead=false
DelayedAck=no
SACK=yes
Ssthresh=4KiB
Script=listen; wait-for established; read 1KiB; wait 200ms; read transfer; read; wait-for eof; wait-for closed

[Network]
Delay=30ms
Bandwidth=2Mbit/s
QueueLimit=8
Loss=2%
Drop=alice:DATA#2x2;bob:SYN+ACK;alice:FIN#1
''')
