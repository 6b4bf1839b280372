/*
 * grant: grant tables v1 between two domains (xen-abi.md §4.4, §4.8).
 * One binary, two roles from the command line:
 *   role=granter peer=<mapper domid>: maps its grant frame with
 *     add_to_physmap, grants a patterned page (ref 8, writable), a
 *     read-only page (ref 9) and a page for somebody else (ref 10), then
 *     watches the entry flags while the mapper works.
 *   role=mapper peer=<granter domid>: retries map_grant_ref of ref 8
 *     until the grant exists, reads the pattern, replies through the
 *     mapping, unmaps (its RAM page is back), copies through the grant,
 *     checks every misuse status, and keeps a read-only mapping that the
 *     granter's destruction must revoke.
 * Shared-page protocol (ref 8): mapper writes REPLY at +2048, granter
 * ACK at +2056, mapper (by GNTTABOP_copy) DONE at +3000.
 */
#include "guest.h"
#include "hypercall.h"
#include "ipc.h"	/* rt/: grant_table_op wrappers, include/public/grant_table.h */

#define __HYPERVISOR_memory_op		12
#define XENMEM_add_to_physmap		7
#define XENMEM_memory_map		9
#define XENMAPSPACE_grant_table		1
#define XEN_ESRCH			3
#define REF_RW 8
#define REF_RO 9
#define REF_OTHER 10
#define REPLY 0x5245504cu
#define ACK 0x41434bu
#define DONE 0x444f4e45u
#define WAIT_YIELDS 200000

const char test_title[] = "grant tables v1 between two domains";

struct add_to_physmap { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; };

static uint8_t gt_frame[4096] __attribute__((aligned(4096)));	/* granter */
static uint8_t data_page[4096] __attribute__((aligned(4096)));	/* granter */
static uint8_t ro_page[4096] __attribute__((aligned(4096)));	/* granter */
static uint8_t map_page[4096] __attribute__((aligned(4096)));	/* mapper */
static uint8_t keep_page[4096] __attribute__((aligned(4096)));	/* mapper */
static uint8_t buf[4096] __attribute__((aligned(4096)));	/* mapper */

#define CHECK(ok, ...) ((ok) ? true : (test_result_failure(__VA_ARGS__), false))

static volatile uint32_t *word(void *page, unsigned int off)
{
	return (volatile uint32_t *)((uint8_t *)page + off);
}

/* Yield until *w == want; false after WAIT_YIELDS. */
static bool wait_for(volatile uint32_t *w, uint32_t want)
{
	for (unsigned int i = 0; i < WAIT_YIELDS; i++) {
		if (*w == want)
			return true;
		guest_yield();
	}
	return false;
}

/* ---------------- granter ---------------- */

static bool granter_setup(void)
{
	struct gnttab_set_version sv = { 2 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	struct add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
				    .idx = 0, .gpfn = gfn_of(gt_frame) };
	struct add_to_physmap status = x;

	status.idx = 0x80000000u;
	if (!CHECK(guest_gnttab_op(GNTTABOP_set_version, &sv, 1) == -XEN_ENOSYS && sv.version == 1,
		   "set_version(2) not -ENOSYS/1") ||
	    !CHECK((sv.version = 1, guest_gnttab_op(GNTTABOP_set_version, &sv, 1)) == 0,
		   "set_version(1)") ||
	    !CHECK(guest_gnttab_op(GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1, "get_version") ||
	    !CHECK(guest_gnttab_op(GNTTABOP_query_size, &qs, 1) == 0 && qs.status == GNTST_okay &&
		   qs.nr_frames == 1 && qs.max_nr_frames == 32, "query_size %u/%u",
		   qs.nr_frames, qs.max_nr_frames))
		return false;
	if (!CHECK(hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			      (unsigned long)&status) == -XEN_EINVAL, "status frame not -EINVAL") ||
	    !CHECK(hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			      (unsigned long)&x) == 0, "add_to_physmap(grant_table)"))
		return false;
	guest_printf("grant: grant frame 0 at gfn 0x%lx, query_size 1/32\n",
		     (unsigned long)x.gpfn);
	return true;
}

static uint16_t flags_of(grant_ref_t ref)
{
	return guest_grant_flags(gt_frame, ref);
}

static void run_granter(unsigned int peer)
{
	for (unsigned int i = 0; i < 4096; i++) {
		data_page[i] = (uint8_t)(i * 7 + 1);
		ro_page[i] = 0xa5;
	}
	if (!granter_setup())
		return;
	guest_grant(gt_frame, REF_RO, (uint16_t)peer, ro_page, GTF_permit_access | GTF_readonly);
	guest_grant(gt_frame, REF_OTHER, (uint16_t)(peer + 5), ro_page, GTF_permit_access);
	guest_grant(gt_frame, REF_RW, (uint16_t)peer, data_page, GTF_permit_access);
	guest_printf("grant: granted ref 8 (rw) and 9 (ro) to d%u\n", peer);
	if (!CHECK(wait_for(word(data_page, 2048), REPLY), "no reply from the mapper"))
		return;
	if (!CHECK(flags_of(REF_RW) == (GTF_permit_access | GTF_reading | GTF_writing),
		   "ref 8 flags 0x%x while mapped writable", flags_of(REF_RW)) ||
	    !CHECK(flags_of(REF_RO) == (GTF_permit_access | GTF_readonly | GTF_reading),
		   "ref 9 flags 0x%x while mapped read-only", flags_of(REF_RO)))
		return;
	guest_printf("grant: mapper replied; ref 8 reading+writing, ref 9 reading\n");
	*word(data_page, 2056) = ACK;
	if (!CHECK(wait_for(word(data_page, 3000), DONE), "no DONE copied in"))
		return;
	/* The copy's own pin ends just after its bytes land: wait for it. */
	for (unsigned int i = 0; i < WAIT_YIELDS && flags_of(REF_RW) != GTF_permit_access; i++)
		guest_yield();
	if (!CHECK(flags_of(REF_RW) == GTF_permit_access, "ref 8 flags 0x%x after unmap",
		   flags_of(REF_RW)))
		return;
	guest_printf("grant: DONE copied in; ref 8 flags clear after unmap\n");
	test_result_success();	/* exits with ref 9 still mapped by the peer */
}

/* ---------------- mapper ---------------- */

static int16_t copy(uint16_t flags, uint16_t sdom, uint64_t src, uint16_t soff,
		    uint16_t ddom, uint64_t dst, uint16_t doff, uint16_t len)
{
	struct gnttab_copy op = { .len = len, .flags = flags, .status = 99 };

	op.source.domid = sdom;
	op.source.offset = soff;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (grant_ref_t)src;
	else
		op.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (grant_ref_t)dst;
	else
		op.dest.u.gmfn = dst;
	if (guest_gnttab_op(GNTTABOP_copy, &op, 1) != 0)
		return 99;
	return op.status;
}

/* Retry until the granter has filled ref 8 (its entry is invalid until then). */
static bool mapper_first_map(unsigned int peer, struct gnttab_map_grant_ref *op)
{
	for (unsigned int i = 0; i < WAIT_YIELDS; i++) {
		if (guest_grant_map(op, (uint16_t)peer, REF_RW, map_page, GNTMAP_host_map) == GNTST_okay)
			return true;
		if (!CHECK(op->status == GNTST_general_error, "early map status %d", op->status))
			return false;
		guest_yield();
	}
	return CHECK(false, "ref 8 never became mappable");
}

static bool mapper_map_and_reply(unsigned int peer, uint32_t *ro_handle)
{
	struct gnttab_map_grant_ref op, ro;
	bool same = true;

	map_page[0] = 0x3c;
	if (!mapper_first_map(peer, &op))
		return false;
	for (unsigned int i = 0; i < 2048; i++)
		same &= map_page[i] == (uint8_t)(i * 7 + 1);
	keep_page[0] = 0x5a;
	if (!CHECK(same, "pattern differs through the mapping") ||
	    !CHECK(guest_grant_map(&ro, (uint16_t)peer, REF_RO, keep_page,
				   GNTMAP_host_map | GNTMAP_readonly) == GNTST_okay &&
		   keep_page[0] == 0xa5, "read-only map of ref 9"))
		return false;
	*ro_handle = ro.handle;
	guest_printf("grant: mapped d%u ref 8 at gfn 0x%lx (handle %u), pattern OK\n", peer,
		     (unsigned long)gfn_of(map_page), op.handle);
	*word(map_page, 2048) = REPLY;
	if (!CHECK(wait_for(word(map_page, 2056), ACK), "no ACK from the granter") ||
	    !CHECK(guest_grant_unmap(op.handle, keep_page) == GNTST_general_error,
		   "unmap at wrong address") ||
	    !CHECK(guest_grant_unmap(op.handle, map_page) == GNTST_okay, "unmap") ||
	    !CHECK(map_page[0] == 0x3c, "own RAM not back after unmap (0x%x)", map_page[0]) ||
	    !CHECK(guest_grant_unmap(op.handle, map_page) == GNTST_bad_handle,
		   "second unmap not bad_handle"))
		return false;
	guest_printf("grant: unmapped; own page back\n");
	return true;
}

static bool mapper_copy(unsigned int peer)
{
	uint16_t d = (uint16_t)peer;
	bool same = true;

	if (!CHECK(copy(GNTCOPY_source_gref, d, REF_RW, 0, DOMID_SELF, gfn_of(buf), 0, 64) ==
		   GNTST_okay, "copy from grant"))
		return false;
	for (unsigned int i = 0; i < 64; i++)
		same &= buf[i] == (uint8_t)(i * 7 + 1);
	*word(buf, 100) = DONE;
	if (!CHECK(same, "copied pattern differs") ||
	    !CHECK(copy(GNTCOPY_source_gref, d, REF_RW, 4000, DOMID_SELF, gfn_of(buf), 0, 97) ==
		   GNTST_bad_copy_arg, "copy past the page") ||
	    !CHECK(copy(0, d, gfn_of(buf), 0, DOMID_SELF, gfn_of(buf), 0, 8) ==
		   GNTST_permission_denied, "copy from a foreign frame") ||
	    !CHECK(copy(GNTCOPY_dest_gref, DOMID_SELF, gfn_of(buf), 100, d, REF_RO, 0, 4) ==
		   GNTST_general_error, "copy into a read-only grant") ||
	    !CHECK(copy(GNTCOPY_source_gref, 0x7000, REF_RW, 0, DOMID_SELF, gfn_of(buf), 0, 4) ==
		   GNTST_bad_domain, "copy from a missing domain") ||
	    !CHECK(copy(GNTCOPY_dest_gref, DOMID_SELF, gfn_of(buf), 100, d, REF_RW, 3000, 4) ==
		   GNTST_okay, "copy DONE into ref 8"))
		return false;
	guest_printf("grant: copy through grants OK, bounds and permissions refused\n");
	return true;
}

static bool mapper_misuse(unsigned int peer)
{
	struct gnttab_map_grant_ref op;
	struct { uint32_t n, pad; uint64_t buffer; } mm = { 1, 0, (uintptr_t)keep_page };
	uint16_t d = (uint16_t)peer;

	if (!CHECK(guest_grant_map(&op, d, 100000, map_page, GNTMAP_host_map) == GNTST_bad_gntref,
		   "bad ref") ||
	    !CHECK(guest_grant_map(&op, d, REF_RO, map_page, GNTMAP_host_map) == GNTST_general_error,
		   "read-only grant mapped writable: %d", op.status) ||
	    !CHECK(guest_grant_map(&op, d, REF_OTHER, map_page, GNTMAP_host_map) == GNTST_general_error,
		   "another domain's grant: %d", op.status) ||
	    !CHECK(guest_grant_map(&op, d, 11, map_page, GNTMAP_host_map) == GNTST_general_error,
		   "empty ref") ||
	    !CHECK(guest_grant_map(&op, 0x7000, REF_RW, map_page, GNTMAP_host_map) == GNTST_bad_domain,
		   "missing domain") ||
	    !CHECK(guest_grant_map(&op, d, REF_RW, map_page, 0) == GNTST_bad_gntref, "no map flags") ||
	    !CHECK(guest_grant_unmap(0xdead, map_page) == GNTST_bad_handle, "bad handle"))
		return false;
	/* The read-only frame is not writable by the hypervisor on our behalf either. */
	if (!CHECK(hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map, (unsigned long)&mm) ==
		   -XEN_EFAULT, "hypervisor wrote into a read-only grant") ||
	    !CHECK(guest_gnttab_op(GNTTABOP_dump_table, &op, 1) == -XEN_ENOSYS, "dump_table") ||
	    !CHECK(guest_gnttab_op(GNTTABOP_map_grant_ref, &op, 4097) == -XEN_EINVAL, "count bound") ||
	    !CHECK(guest_gnttab_op(GNTTABOP_map_grant_ref, (void *)0x3ffff000ul, 1) == -XEN_EFAULT,
		   "bad pointer"))
		return false;
	guest_printf("grant: misuse refused: bad ref, r/o as rw, wrong domain, bad dom, bad handle\n");
	return true;
}

static void run_mapper(unsigned int peer)
{
	uint32_t ro_handle = 0;

	if (!mapper_map_and_reply(peer, &ro_handle) || !mapper_copy(peer) ||
	    !mapper_misuse(peer))
		return;
	/* The granter exits now: its destruction must take ref 9 away. */
	for (unsigned int i = 0; i < WAIT_YIELDS && keep_page[0] != 0x5a; i++)
		guest_yield();
	if (!CHECK(keep_page[0] == 0x5a, "granter's page still mapped after its destruction") ||
	    !CHECK(guest_grant_unmap(ro_handle, keep_page) == GNTST_bad_handle,
		   "revoked handle still live"))
		return;
	guest_printf("grant: granter gone, read-only mapping revoked, own page back\n");
	test_result_success();
}

void test_main(void)
{
	char role[16];
	unsigned int peer = (unsigned int)cmdline_get_ulong("peer", 0);

	if (!cmdline_get_str("role", role, sizeof(role)) || !peer) {
		test_result_error("need role=granter|mapper and peer=<domid>");
		return;
	}
	if (role[0] == 'g')
		run_granter(peer);
	else
		run_mapper(peer);
}
