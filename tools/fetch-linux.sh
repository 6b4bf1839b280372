#!/bin/sh
# Guest images for the stock-Linux scenarios: Debian 12's kernel (the real
# versioned package behind linux-image-amd64) and busybox-static, fetched
# with apt, turned into what Xenolith boots as a PVH domU:
#
#   build/linux/vmlinux          uncompressed ELF with XEN_ELFNOTE_PHYS32_ENTRY
#   build/linux/bzImage          the package's vmlinuz, unchanged
#   build/linux/initramfs.cpio   busybox initramfs (cpio newc, uncompressed)
#   build/linux/version          kernel release, e.g. 6.1.0-56-amd64
#
# The initramfs /init mounts proc/sys/devtmpfs, prints XENOLITH-LINUX-UP and
# then, by the guest command line:
#   (default)           runs a shell on the console, again when it exits
#   xenolith.init=test  prints uname -r, nproc and the xen lines of
#                       /proc/interrupts, then "poweroff -f"
#   xenolith.init=bench runs /bin/xenolith-tsc (the boot benchmark's init
#                       marker, added by tests/bench-linux.sh as a second
#                       cpio archive), then "poweroff -f"
#
# Usage: tools/fetch-linux.sh [--out DIR]   (default build/linux)
# Downloads go to DIR/debs and are reused; every step is skipped when its
# output is newer than its inputs, so re-running costs nothing offline.
# Downloading needs no root; "apt-get update" (only if apt does not know the
# packages yet) runs as root directly or through sudo.
set -eu

out=build/linux
KERNEL_META=linux-image-amd64
BUSYBOX=busybox-static
XZ_MAGIC='\xFD7zXZ\x00'         # start of an XZ stream (xz file format §2.1.1)
XEN_NOTE_PHYS32_ENTRY=0x00000012

die() { echo "fetch-linux: $*" >&2; exit 1; }
say() { echo "fetch-linux: $*"; }

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
        --out) out=${2:?}; shift ;;
        *) die "usage: $0 [--out DIR]" ;;
        esac
        shift
    done
}

need_tools() {
    for t in apt-get apt-cache dpkg-deb tar xz cpio readelf grep; do
        command -v "$t" >/dev/null 2>&1 ||
            die "'$t' not found (Debian 12 needed; run tools/install-deps.sh)"
    done
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "not root and no sudo; run as root: $*"
    fi
}

# The versioned package linux-image-amd64 depends on (e.g.
# linux-image-6.1.0-56-amd64); empty if apt does not know the package.
kernel_package() {
    apt-cache depends "$KERNEL_META" 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

# apt's own package lists may be missing (fresh container): refresh once.
apt_update() {
    say "apt does not know $KERNEL_META yet: running apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update ||
        die "apt-get update failed (offline?); cannot fetch the Linux guest images"
}

# Cached .deb of package $1 in $debs, if any (newest version by name).
cached_deb() {
    ls "$debs/$1"_*.deb 2>/dev/null | sort -V | tail -n 1
}

# Download package $1 into $debs unless a .deb of it is already there.
# Root's apt-get download warns that the _apt user cannot write the
# directory; run unsandboxed on purpose instead.
fetch_deb() {
    [ -z "$(cached_deb "$1")" ] || return 0
    say "downloading $1"
    (cd "$debs" && apt-get -q -o APT::Sandbox::User="$(id -un)" download "$1") ||
        die "apt-get download $1 failed (offline? no apt sources?)"
    [ -n "$(cached_deb "$1")" ] || die "apt-get download $1 left no .deb in $debs"
}

# Resolve and download both packages. Offline with a filled cache, the
# cached kernel .deb is used as is.
fetch_all() {
    kpkg=$(kernel_package)
    if [ -z "$kpkg" ]; then
        cached=$(ls "$debs"/linux-image-[0-9]*-amd64_*.deb 2>/dev/null | sort -V | tail -n 1)
        if [ -n "$cached" ]; then
            kpkg=$(basename "$cached" | cut -d_ -f1)
        else
            apt_update
            kpkg=$(kernel_package)
            [ -n "$kpkg" ] || die "apt knows no $KERNEL_META even after apt-get update"
        fi
    fi
    fetch_deb "$kpkg"
    fetch_deb "$BUSYBOX"
    kdeb=$(cached_deb "$kpkg")
    bdeb=$(cached_deb "$BUSYBOX")
}

# $1 is newer than every other argument (all must exist).
up_to_date() {
    t=$1; shift
    [ -e "$t" ] || return 1
    for f in "$@"; do
        [ "$t" -nt "$f" ] || return 1
    done
}

# The kernel's /boot/vmlinuz-* only: the package's 400 MB of modules are
# not needed (the Debian kernel boots to an initramfs shell without them).
extract_bzimage() {
    up_to_date "$out/bzImage" "$kdeb" "$0" && return 0
    rm -rf "$out/kpkg"
    mkdir -p "$out/kpkg"
    dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$out/kpkg" --wildcards './boot/vmlinuz-*' ||
        die "no boot/vmlinuz-* in $kdeb"
    vmlinuz=$(ls "$out"/kpkg/boot/vmlinuz-* | head -n 1)
    basename "$vmlinuz" | sed 's/^vmlinuz-//' > "$out/version"
    cp "$vmlinuz" "$out/bzImage.tmp" && mv "$out/bzImage.tmp" "$out/bzImage"
    rm -rf "$out/kpkg"
}

# The bzImage carries vmlinux as an XZ stream after its decompressor stub
# (the stub has no such magic of its own, but try every match anyway and
# keep the first that decompresses to an ELF). --single-stream stops at
# the stream's end and ignores the 4-byte size and code that follow it.
extract_vmlinux() {
    up_to_date "$out/vmlinux" "$out/bzImage" "$0" && return 0
    offsets=$(LC_ALL=C grep -obUaP "$XZ_MAGIC" "$out/bzImage" | cut -d: -f1)
    [ -n "$offsets" ] || die "no XZ stream in $out/bzImage (not an XZ-compressed kernel?)"
    for off in $offsets; do
        if tail -c +$((off + 1)) "$out/bzImage" | xz -dc --single-stream > "$out/vmlinux.tmp" 2>/dev/null &&
            [ "$(head -c 4 "$out/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
            check_pvh_note "$out/vmlinux.tmp"
            mv "$out/vmlinux.tmp" "$out/vmlinux"
            say "vmlinux $(cat "$out/version"): $(stat -c %s "$out/vmlinux") bytes, from XZ stream at $off"
            return 0
        fi
    done
    rm -f "$out/vmlinux.tmp"
    die "no XZ stream in $out/bzImage decompressed to an ELF image"
}

# Presence of the PHYS32_ENTRY note is what makes the kernel PVH-capable
# (xen-abi.md §2.1); readelf does not name Xen note types, hence the number.
check_pvh_note() {
    readelf -n "$1" | grep -Eq "^ *Xen +0x[0-9a-f]+[[:space:]]+Unknown note type: \($XEN_NOTE_PHYS32_ENTRY\)" ||
        die "$1 has no Xen PHYS32_ENTRY note (type 0x12): not PVH-capable"
}

# /init for the initramfs: one script, two behaviours by command line.
write_init() {
    cat <<'INIT'
#!/bin/busybox sh
# Xenolith guest initramfs (tools/fetch-linux.sh).
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "XENOLITH-LINUX-UP"
case " $(cat /proc/cmdline) " in
*" xenolith.init=test "*)
    echo "uname-r: $(uname -r)"
    echo "nproc: $(nproc)"
    grep -i xen /proc/interrupts
    echo "XENOLITH-LINUX-DONE"
    poweroff -f
    ;;
*" xenolith.init=bench "*)
    /bin/xenolith-tsc
    poweroff -f
    ;;
esac
while true; do
    setsid cttyhack sh -l
    echo "init: shell exited; starting another"
done
INIT
}

# cpio newc, uncompressed: the emulator pays for every instruction, and a
# gzip inflate of busybox costs more than copying 2 MB. /dev/console comes
# from the kernel's built-in initramfs, so no device node (and no root) is
# needed here.
build_initramfs() {
    up_to_date "$out/initramfs.cpio" "$bdeb" "$0" && return 0
    root=$out/initramfs
    rm -rf "$root" "$out/bbpkg"
    mkdir -p "$root/bin" "$out/bbpkg"
    dpkg-deb -x "$bdeb" "$out/bbpkg"
    [ -x "$out/bbpkg/bin/busybox" ] || die "no bin/busybox in $bdeb"
    cp "$out/bbpkg/bin/busybox" "$root/bin/busybox"
    write_init > "$root/init"
    chmod 755 "$root/init" "$root/bin/busybox"
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc -R 0:0 --reproducible) > "$out/initramfs.cpio.tmp" ||
        die "cpio failed"
    mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
    rm -rf "$root" "$out/bbpkg"
    say "initramfs.cpio: $(stat -c %s "$out/initramfs.cpio") bytes"
}

parse_args "$@"
need_tools
debs=$out/debs
mkdir -p "$debs"
fetch_all
extract_bzimage
extract_vmlinux
build_initramfs
