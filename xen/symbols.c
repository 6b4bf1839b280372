/*
 * Symbol lookup for backtraces: binary search over the sorted address
 * array that tools/gensyms.sh generates. Runs in exception context, so it
 * only reads the table and never fails harder than returning NULL.
 */
#include <xen/symbols.h>

/* Index of the last symbol whose address is <= addr; requires count > 0
 * and addr >= xen_symbols_addr[0]. */
static u64 symbols_find_last_le(u64 addr)
{
    u64 lo = 0, hi = xen_symbols_count;     /* answer lies in [lo, hi) */

    while (hi - lo > 1) {
        u64 mid = lo + (hi - lo) / 2;

        if (xen_symbols_addr[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

const char *symbols_lookup(u64 addr, u64 *offset, u64 *size)
{
    u64 n = xen_symbols_count, i, next;

    /* addr[n] is the end-of-text sentinel; 0 means the table is empty
     * (first link pass) or the script found no end: nothing to match. */
    if (n == 0 || addr < xen_symbols_addr[0] || addr >= xen_symbols_addr[n])
        return NULL;
    i = symbols_find_last_le(addr);

    /* The size runs to the next *higher* address, skipping aliases. */
    for (next = i + 1; next < n && xen_symbols_addr[next] == xen_symbols_addr[i]; next++)
        ;
    /* Report the first alias of the group, whatever the search hit. */
    while (i > 0 && xen_symbols_addr[i - 1] == xen_symbols_addr[i])
        i--;

    if (offset)
        *offset = addr - xen_symbols_addr[i];
    if (size)
        *size = xen_symbols_addr[next] - xen_symbols_addr[i];
    return &xen_symbols_strtab[xen_symbols_name[i]];
}
