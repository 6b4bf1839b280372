#!/bin/sh
# Install the Debian 12 packages that building, booting and testing Xenolith
# need (compiler, GRUB for BIOS and UEFI, Bochs for VT-x, QEMU/OVMF, cmocka).
# Does nothing when everything is already installed, so "make run" and
# "make test" can call it every time without network access.
set -eu

PACKAGES="bochs bochsbios vgabios qemu-system-x86 grub-pc-bin grub-efi-amd64-bin
grub-common xorriso mtools ovmf libcmocka-dev gcc make binutils python3
cpio xz-utils"

die() { echo "install-deps: $*" >&2; exit 1; }

# Print the packages from $PACKAGES that dpkg does not report as installed.
missing_packages() {
    for pkg in $PACKAGES; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        case $status in
        *" installed") ;;
        *) printf '%s ' "$pkg" ;;
        esac
    done
}

# apt-get needs root: run directly as root, else through sudo if present.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "not root and no sudo: please run as root: $*"
    fi
}

command -v dpkg-query >/dev/null 2>&1 ||
    die "dpkg-query not found; this script supports Debian 12 only. Install by hand: $(echo "$PACKAGES" | tr "\n" " ")"

missing=$(missing_packages)
[ -n "$missing" ] || exit 0

echo "install-deps: installing: $missing"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update ||
    die "apt-get update failed"
# shellcheck disable=SC2086 # $missing is a word list on purpose
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing ||
    die "apt-get install failed for: $missing"

# Re-check: a package name apt silently skipped must not pass unnoticed.
still=$(missing_packages)
[ -z "$still" ] || die "still missing after install: $still"
