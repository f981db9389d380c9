"""Fails when a PNG is blank: counts the share of its pixel bytes that are not white (nor black
padding, nor a row's filter byte) and exits non-zero below 1%. Used by the checks of the HTML and
Word reports on a page drawn from each."""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
pixels = zlib.decompress(idat)
# A white page is all 0xFF bytes (and a filter byte per row); ink is anything else.
ink = sum(1 for b in pixels if b not in (0x00, 0xFF, 0x01, 0x02))
share = ink / max(len(pixels), 1)
print(f"{sys.argv[2] if len(sys.argv) > 2 else 'page'}: {len(pixels)} bytes of pixels, {share:.1%} ink")
sys.exit(0 if share > 0.01 else f"{sys.argv[1]}: the page drawn is blank")
