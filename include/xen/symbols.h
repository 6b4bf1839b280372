/*
 * Address -> function name lookup for backtraces and exception dumps, over
 * the table that tools/gensyms.sh generates on the second link pass.
 * Pure logic (no arch headers): host unit tests supply their own table.
 */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

/*
 * The generated table (layout documented in tools/gensyms.sh):
 * xen_symbols_addr has xen_symbols_count + 1 entries in ascending order;
 * the last one is the end of .text (__text_end), which bounds the final
 * symbol. Several names may share one address (aliases).
 */
extern const u64 xen_symbols_count;
extern const u64 xen_symbols_addr[];
extern const u32 xen_symbols_name[];
extern const char xen_symbols_strtab[];

/*
 * Find the function containing addr. Returns its name and stores the
 * distance from its start in *offset and its length (up to the next
 * higher symbol address, or the end of text) in *size; either pointer may
 * be NULL. Returns NULL if addr lies before the first symbol or at/after
 * the end of text. Of several aliases, the first in table order is
 * returned. Safe in any context: no locks, no allocation.
 */
const char *symbols_lookup(u64 addr, u64 *offset, u64 *size);

#endif /* XEN_SYMBOLS_H */
