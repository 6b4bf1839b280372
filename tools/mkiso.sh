#!/bin/sh
# Build a bootable ISO (GRUB for both BIOS and UEFI, console on COM1) that
# loads the hypervisor with multiboot2, plus optional boot modules.
#
#   tools/mkiso.sh <xenolith.elf> <out.iso> "<cmdline>" [<module-file> "<module string>"]...
#   tools/mkiso.sh --linux <bzImage> <out.iso> "<cmdline>" [<initrd-file> ""]...
#
# --linux boots a Linux bzImage natively with GRUB's own Linux loader (the
# reference side of tests/bench-linux.sh); the files become its initrds.
#
# Quiet on success; on failure prints why and exits non-zero.
set -eu

die() { echo "mkiso: $*" >&2; exit 1; }

# Quote one word for grub.cfg. GRUB's script parser expands $ and strips
# quotes like sh, so anything but plain characters goes in single quotes
# (an embedded ' becomes '\''). GRUB hands the unquoted word to the kernel.
grub_quote() {
    case $1 in
    *[!A-Za-z0-9=,._:/+@%-]*|'')
        printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *)  printf '%s' "$1" ;;
    esac
}

# Quote each whitespace-separated word of $1 (a kernel or module cmdline).
grub_quote_words() {
    set -f  # no globbing of words like "*"
    for word in $1; do
        printf ' '
        grub_quote "$word"
    done
    set +f
}

# grub.cfg per docs/testing-platform.md §3: serial console only, no menu
# delay; all_video so that UEFI boots get a framebuffer tag.
write_grub_cfg() { # <cmdline> [<file> <string>]...
    cmdline=$1; shift
    echo 'insmod all_video'
    echo 'serial --unit=0 --speed=115200'
    echo 'terminal_input serial'
    echo 'terminal_output serial'
    echo 'set timeout=0'
    echo 'set default=0'
    if [ "$native_linux" = 1 ]; then
        write_linux_entry "$cmdline" "$@"
        return
    fi
    echo 'menuentry "Xenolith" {'
    echo "  multiboot2 /boot/xenolith.elf$(grub_quote_words "$cmdline")"
    while [ $# -ge 2 ]; do
        echo "  module2 /boot/$(basename "$1")$(grub_quote_words "$2")"
        shift 2
    done
    echo '  boot'
    echo '}'
}

# GRUB's Linux boot protocol loader; several initrds are concatenated.
write_linux_entry() { # <cmdline> [<file> <string>]...
    cmdline=$1; shift
    echo 'menuentry "Linux" {'
    echo "  linux /boot/vmlinuz$(grub_quote_words "$cmdline")"
    initrds=''
    while [ $# -ge 2 ]; do
        initrds="$initrds /boot/$(basename "$1")"
        shift 2
    done
    [ -z "$initrds" ] || echo "  initrd$initrds"
    echo '  boot'
    echo '}'
}

# Copy the modules next to the hypervisor. The same file may serve several
# modules (one guest image, several domains); two different files with the
# same name would overwrite each other, so refuse that.
copy_modules() { # <bootdir> [<file> <string>]...
    bootdir=$1; shift
    while [ $# -ge 2 ]; do
        [ -f "$1" ] || die "module not found: $1"
        name=$(basename "$1")
        if [ -e "$bootdir/$name" ]; then
            cmp -s "$1" "$bootdir/$name" || die "two different files named $name in the ISO"
        else
            cp "$1" "$bootdir/$name"
        fi
        shift 2
    done
}

# A grub-mkrescue without grub-efi-amd64-bin (or mtools) silently makes a
# BIOS-only ISO; the UEFI tests would then fail in a confusing way.
check_boot_images() { # <iso>
    report=$(xorriso -indev "$1" -report_el_torito plain 2>/dev/null) ||
        die "xorriso cannot read $1"
    echo "$report" | grep -q '^El Torito boot img : *[0-9]* *BIOS' ||
        die "$1 has no BIOS boot image (install grub-pc-bin)"
    echo "$report" | grep -q '^El Torito boot img : *[0-9]* *UEFI' ||
        die "$1 has no UEFI boot image (install grub-efi-amd64-bin and mtools)"
}

native_linux=0
if [ "${1:-}" = --linux ]; then
    native_linux=1
    shift
fi
[ $# -ge 3 ] || die "usage: $0 [--linux] <xenolith.elf|bzImage> <out.iso> \"<cmdline>\" [<module> \"<string>\"]..."
elf=$1 iso=$2 cmdline=$3
shift 3
[ $(($# % 2)) -eq 0 ] || die "each module needs a file and a string (use \"\" for none)"
[ -f "$elf" ] || die "hypervisor image not found: $elf"
command -v grub-mkrescue >/dev/null 2>&1 || die "grub-mkrescue not found (run tools/install-deps.sh)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkiso.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/iso/boot/grub" "$(dirname "$iso")"
if [ "$native_linux" = 1 ]; then
    cp "$elf" "$tmp/iso/boot/vmlinuz"
else
    cp "$elf" "$tmp/iso/boot/xenolith.elf"
fi
copy_modules "$tmp/iso/boot" "$@"
write_grub_cfg "$cmdline" "$@" > "$tmp/iso/boot/grub/grub.cfg"

if ! grub-mkrescue -o "$iso" "$tmp/iso" > "$tmp/mkrescue.log" 2>&1; then
    cat "$tmp/mkrescue.log" >&2
    die "grub-mkrescue failed"
fi
check_boot_images "$iso"
