#!/bin/sh
# Generate the hypervisor's symbol table (for symbolized backtraces) from
# "nm -n --defined-only" output on stdin ("-") or from a file (/dev/null
# gives an empty table). Only text symbols are kept, sorted by address.
# Layout (read by xen/symbols.c):
#   xen_symbols_count  .quad N
#   xen_symbols_addr   .quad addr[N + 1]  ascending; addr[N] is the end
#                      sentinel __text_end (0 when unknown), which bounds
#                      the size of the last symbol
#   xen_symbols_name   .long off[N]    offsets into xen_symbols_strtab
#   xen_symbols_strtab NUL-terminated names
set -eu
in=${1:--}
[ "$in" = "-" ] && in=/dev/stdin
awk 'BEGIN { n = 0; end = "0" }
$3 == "__text_end" { end = $1; next }
$2 ~ /^[tT]$/ && $3 !~ /^\./ && $3 !~ /^__param_/ { addr[n] = $1; name[n] = $3; n++ }
END {
    print "\t.section .rodata.symbols, \"a\""
    print "\t.balign 8"
    print "\t.globl xen_symbols_count, xen_symbols_addr, xen_symbols_name, xen_symbols_strtab"
    printf "xen_symbols_count:\n\t.quad %d\n", n
    print "xen_symbols_addr:"
    for (i = 0; i < n; i++) printf "\t.quad 0x%s\n", addr[i]
    printf "\t.quad 0x%s\n", end
    print "xen_symbols_name:"
    off = 0
    for (i = 0; i < n; i++) { printf "\t.long %d\n", off; off += length(name[i]) + 1 }
    print "xen_symbols_strtab:"
    for (i = 0; i < n; i++) printf "\t.asciz \"%s\"\n", name[i]
}' "$in"
