#!/bin/sh
# Build-time inputs for tests/unit/test_xz.c: sample data and the XZ
# streams the xz CLI makes of it, so the decoder is checked against the
# reference encoder, not against itself. Deterministic data (seeded).
#   tests/unit/xz_fixtures.sh <outdir>
set -eu
out=$1
mkdir -p "$out"
command -v xz >/dev/null || { echo "xz_fixtures.sh: the xz CLI is missing (make deps)" >&2; exit 1; }

python3 - "$out" <<'PY'
import random, sys
out = sys.argv[1]
rnd = random.Random(5)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(2, 9)))
         for _ in range(400)]
def text(n):
    s = []
    while sum(map(len, s)) < n:
        s.append(' '.join(rnd.choice(words) for _ in range(rnd.randint(3, 14))) + '\n')
    return ''.join(s).encode()[:n]
def write(name, data):
    open(f'{out}/{name}.bin', 'wb').write(data)
write('text', text(1200000))            # compressible: many LZMA chunks
write('small', text(60000))             # quick to decode: corruption sweeps
write('random', rnd.randbytes(300000))  # incompressible: stored chunks
# LZMA chunks, then stored ones mid-stream, then LZMA again.
write('mixed', text(300000) + rnd.randbytes(200000) + b'\x12\x34\x56\x78' * 75000 +
      rnd.randbytes(70000) + text(100000))
# Dense E8/E9 and 00/ff bytes: every path of the x86 BCJ filter's mask logic.
write('bcjmix', bytes(rnd.choice((0xe8, 0xe9, 0x00, 0xff, rnd.randrange(256))) for _ in range(200000)))
write('hello', b'hello, world\n')
write('empty', b'')
PY
# x86 machine code (E8/E9 calls and jumps) for the BCJ filter.
cat "$(command -v xz)" /bin/ls /bin/cat > "$out/code.bin"

# name: input, then xz options
while read -r name input opts; do
    # shellcheck disable=SC2086
    xz -c -T1 $opts "$out/$input.bin" > "$out/$name.xz"
done <<'LIST'
text.crc32 text --check=crc32
text.crc64 text --check=crc64
text.none text --check=none
text.sha256 text --check=sha256
text.blocks text --check=crc32 --block-size=200000
text.lc0lp2pb0 text --check=crc64 --lzma2=lc=0,lp=2,pb=0
text.lc4pb4 text --check=crc32 --lzma2=lc=4,lp=0,pb=4
text.dict4k text --check=crc32 --lzma2=preset=9e,dict=4KiB
text.delta text --delta=dist=4 --lzma2
text.arm text --arm --lzma2
small.crc32 small --check=crc32
small.crc64 small --check=crc64
small.none small --check=none
random.crc64 random --check=crc64
mixed.crc32 mixed --check=crc32
mixed.blocks mixed --check=crc64 --block-size=150000
mixed.x86 mixed --check=crc32 --x86 --lzma2=dict=32MiB
code.x86 code --check=crc32 --x86 --lzma2=dict=32MiB
code.x86blocks code --check=crc64 --x86 --lzma2 --block-size=100000
code.x86start code --check=crc32 --x86=start=4096 --lzma2
code.plain code --check=crc32
bcjmix.x86 bcjmix --check=crc64 --x86 --lzma2
hello.crc32 hello --check=crc32
empty.crc32 empty --check=crc32
LIST
# Raw LZMA2 (no container) for lzma2_decode() itself.
xz -c --format=raw --lzma2 "$out/small.bin" > "$out/small.lzma2"
xz -c --format=raw --lzma2 "$out/mixed.bin" > "$out/mixed.lzma2"
