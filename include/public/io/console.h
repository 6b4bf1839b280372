/*
 * The PV console ring shared between a guest and its console backend
 * (xen-abi.md §5.5; Xen's xen/include/public/io/console.h). The page is
 * at HVM_PARAM_CONSOLE_PFN and notified through HVM_PARAM_CONSOLE_EVTCHN.
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Indices run freely; a ring slot is the index masked by the ring size. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

#define XENCONSOLE_CONNECTED 0
#define XENCONSOLE_DISCONNECTED 1

struct xencons_interface {
    char in[1024];              /* backend -> guest (keyboard input) */
    char out[2048];             /* guest -> backend (output) */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
    uint8_t connection;         /* XENCONSOLE_* */
};

_Static_assert(__builtin_offsetof(struct xencons_interface, out) == 1024, "xen-abi.md §5.5");
_Static_assert(__builtin_offsetof(struct xencons_interface, in_cons) == 3072, "xen-abi.md §5.5");
_Static_assert(__builtin_offsetof(struct xencons_interface, out_prod) == 3084, "xen-abi.md §5.5");
_Static_assert(__builtin_offsetof(struct xencons_interface, connection) == 3088, "xen-abi.md §5.5");
_Static_assert(sizeof(struct xencons_interface) == 3092, "xen-abi.md §5.5");

#endif /* PUBLIC_IO_CONSOLE_H */
