/*
 * Grant tables v1, the guest ABI of hypercall 20 (grant_table_op): the
 * GNTTABOP_* sub-ops and their argument structs, the v1 grant entry with
 * its GTF_* flags, GNTMAP_* and GNTCOPY_* flags and GNTST_* status codes
 * (facts: xen/include/public/grant_table.h, restated in xen-abi.md §4.8).
 * Layouts are x86-64; sizes and offsets are checked at compile time.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* ---- Sub-ops: long grant_table_op(unsigned cmd, void *uop, unsigned count) ---- */
#define GNTTABOP_map_grant_ref        0
#define GNTTABOP_unmap_grant_ref      1
#define GNTTABOP_setup_table          2
#define GNTTABOP_dump_table           3
#define GNTTABOP_transfer             4
#define GNTTABOP_copy                 5
#define GNTTABOP_query_size           6
#define GNTTABOP_unmap_and_replace    7
#define GNTTABOP_set_version          8
#define GNTTABOP_get_status_frames    9
#define GNTTABOP_get_version         10
#define GNTTABOP_swap_grant_ref      11
#define GNTTABOP_cache_flush         12

/*
 * A v1 grant entry: 8 bytes, 512 per 4 KiB grant frame. The granting
 * domain fills domid and frame, then sets flags last; the hypervisor sets
 * GTF_reading/GTF_writing while a mapping of it exists.
 */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_* */
    uint16_t domid;             /* the domain allowed to use the grant */
    uint32_t frame;             /* GFN being granted (in the granter) */
};

#define GNTTAB_NR_RESERVED_ENTRIES 8    /* 0 console, 1 xenstore (toolstack) */

/* GTF_* flags: type in bits 1:0, then per-type bits. */
#define GTF_invalid         0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_transitive      3
#define GTF_type_mask       3
#define GTF_readonly        (1u << 2)   /* grantee may only read */
#define GTF_reading         (1u << 3)   /* set by Xen: mapped or being read */
#define GTF_writing         (1u << 4)   /* set by Xen: mapped writable */
#define GTF_PWT             (1u << 5)
#define GTF_PCD             (1u << 6)
#define GTF_PAT             (1u << 7)
#define GTF_sub_page        (1u << 8)   /* v2 only */

/* GNTMAP_* flags of map_grant_ref. HVM/PVH callers use host_map only. */
#define GNTMAP_device_map       (1u << 0)
#define GNTMAP_host_map         (1u << 1)
#define GNTMAP_readonly         (1u << 2)
#define GNTMAP_application_map  (1u << 3)
#define GNTMAP_contains_pte     (1u << 4)

/* GNTST_* per-element status codes (int16 in each op struct). */
#define GNTST_okay               0
#define GNTST_general_error     -1
#define GNTST_bad_domain        -2
#define GNTST_bad_gntref        -3
#define GNTST_bad_handle        -4
#define GNTST_bad_virt_addr     -5
#define GNTST_bad_dev_addr      -6
#define GNTST_no_device_space   -7
#define GNTST_permission_denied -8
#define GNTST_bad_page          -9
#define GNTST_bad_copy_arg     -10
#define GNTST_address_too_big  -11
#define GNTST_eagain           -12
#define GNTST_no_space         -13

/*
 * Map the grant <dom, ref> into the caller. For HVM/PVH callers host_addr
 * is the guest-physical address (page aligned) whose frame the granted
 * page replaces until unmap.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    uint16_t dom;               /* IN: the granting domain */
    int16_t status;             /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT: for unmap */
    uint64_t dev_bus_addr;      /* OUT */
};

/* Undo a map_grant_ref by its handle; host_addr names the same frame. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN */
    uint64_t dev_bus_addr;      /* IN */
    grant_handle_t handle;      /* IN */
    int16_t status;             /* OUT */
    uint16_t pad;
};

/* Grow dom's table to nr_frames and list its frames (PV; HVM reads GFNs). */
struct gnttab_setup_table {
    uint16_t dom;               /* IN */
    uint16_t pad0;
    uint32_t nr_frames;         /* IN */
    int16_t status;             /* OUT */
    uint16_t pad1[3];
    uint64_t frame_list;        /* IN: guest pointer to nr_frames u64s (OUT) */
};

/* One side of a copy: a grant of domid, or (flag clear) a GFN of the caller. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        uint64_t gmfn;
    } u;
    uint16_t domid;
    uint16_t offset;
    uint32_t pad;
};

#define GNTCOPY_source_gref (1u << 0)
#define GNTCOPY_dest_gref   (1u << 1)

/* Copy len bytes; neither side may cross its page (GNTST_bad_copy_arg). */
struct gnttab_copy {
    struct gnttab_copy_ptr source;  /* IN */
    struct gnttab_copy_ptr dest;    /* IN */
    uint16_t len;                   /* IN */
    uint16_t flags;                 /* IN: GNTCOPY_* */
    int16_t status;                 /* OUT */
    uint16_t pad;
};

struct gnttab_query_size {
    uint16_t dom;               /* IN */
    uint16_t pad;
    uint32_t nr_frames;         /* OUT: frames now */
    uint32_t max_nr_frames;     /* OUT: the limit */
    int16_t status;             /* OUT */
    uint16_t pad1;
};

/* IN: version wanted; OUT: version in force (also on failure). */
struct gnttab_set_version {
    uint32_t version;
};

struct gnttab_get_version {
    uint16_t dom;               /* IN */
    uint16_t pad;
    uint32_t version;           /* OUT */
};

/* Measured layouts (xen-abi.md §4.8). */
_Static_assert(sizeof(struct grant_entry_v1) == 8, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_map_grant_ref, ref) == 12, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_map_grant_ref, status) == 18, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dev_bus_addr) == 24, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, handle) == 16, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, status) == 20, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_setup_table, status) == 8, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_copy) == 40, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_copy, dest) == 16, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_copy, len) == 32, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_copy, status) == 36, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_copy_ptr, domid) == 8, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_copy_ptr, offset) == 10, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_query_size) == 16, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_query_size, max_nr_frames) == 8, "xen-abi.md §4.8");
_Static_assert(offsetof(struct gnttab_query_size, status) == 12, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_set_version) == 4, "xen-abi.md §4.8");
_Static_assert(sizeof(struct gnttab_get_version) == 8, "xen-abi.md §4.8");

#endif /* PUBLIC_GRANT_TABLE_H */
