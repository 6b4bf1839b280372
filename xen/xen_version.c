/*
 * xen_version (hypercall 17, xen-abi.md §4.1): who we claim to be. The
 * interface is Xen 4.19's; strings are NUL-padded to their ABI sizes.
 * Sub-ops Xen keeps from unprivileged guests (commandline, build_id)
 * answer as Xen does for a domU: an empty string / -EPERM.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/hypercall_ops.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xen_version.h>

#define XENVER_EXTRAVERSION ".0-xenolith"
#define XENVER_CAPABILITIES "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"
#define XENVER_CHANGESET "xenolith"
#define VARBUF_MAX 65536        /* Xen's limit on varbuf strings */

#define XENVER_pagesize 7
#define XENVER_build_id 10
#define NR_XENVER 15

/* XENFEAT_* bit numbers (§4.1) and the set a PVH domU gets from us. */
#define XENFEAT_writable_page_tables 0
#define XENFEAT_auto_translated_physmap 2
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock 9
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_not_direct_mapped 16

/*
 * As Xen for a translated domU, minus what we do not implement:
 * runstate_phys_area (18) and vcpu_time_phys_area (19) need VCPUOP 14/15,
 * dm_msix_all_writes (20) a device model.
 */
const u32 xen_features_submap0 =
    (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) |
    (1u << XENFEAT_hvm_callback_vector) | (1u << XENFEAT_hvm_safe_pvclock) |
    (1u << XENFEAT_memory_op_vnode_supported) | (1u << XENFEAT_not_direct_mapped);

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen-abi.md §4.1");

struct xen_feature_info {
    u32 submap_idx;             /* IN */
    u32 submap;                 /* OUT */
};

/* Copy str NUL-padded to size bytes (the ABI's fixed string arrays). */
static long put_fixed_string(struct vcpu *v, u64 arg, const char *str, size_t size)
{
    char buf[1024];
    size_t n = strnlen(str, size - 1);

    memset(buf, 0, size);
    memcpy(buf, str, n);
    return copy_to_guest(v, arg, buf, size) ? -EFAULT : 0;
}

static long ver_version(struct vcpu *v, u64 arg)
{
    return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
}

static long ver_extraversion(struct vcpu *v, u64 arg)
{
    return put_fixed_string(v, arg, XENVER_EXTRAVERSION, 16);
}

static long ver_compile_info(struct vcpu *v, u64 arg)
{
    struct xen_compile_info ci = { .compiler = "gcc", .compile_by = "xenolith",
                                   .compile_domain = "", .compile_date = "" };

    return copy_to_guest(v, arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

static long ver_capabilities(struct vcpu *v, u64 arg)
{
    return put_fixed_string(v, arg, XENVER_CAPABILITIES, 1024);
}

static long ver_changeset(struct vcpu *v, u64 arg)
{
    return put_fixed_string(v, arg, XENVER_CHANGESET, 64);
}

/* virt_start: where a PV guest's hypervisor hole starts; 0 for HVM. */
static long ver_platform_parameters(struct vcpu *v, u64 arg)
{
    u64 virt_start = 0;

    return copy_to_guest(v, arg, &virt_start, sizeof(virt_start)) ? -EFAULT : 0;
}

static long ver_get_features(struct vcpu *v, u64 arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(v, &fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx != 0)             /* XENFEAT_NR_SUBMAPS = 1 */
        return -EINVAL;
    fi.submap = xen_features_submap0;
    return copy_to_guest(v, arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long ver_pagesize(struct vcpu *v, u64 arg)
{
    return arg ? -EINVAL : (long)PAGE_SIZE;
}

/* The domain handle (UUID): none is assigned, so all zero. */
static long ver_guest_handle(struct vcpu *v, u64 arg)
{
    static const u8 handle[16];

    return copy_to_guest(v, arg, handle, sizeof(handle)) ? -EFAULT : 0;
}

static long ver_commandline(struct vcpu *v, u64 arg)
{
    return put_fixed_string(v, arg, "", 1024);      /* denied to a domU */
}

static long ver_denied(struct vcpu *v, u64 arg)
{
    return -EPERM;
}

/*
 * xen_varbuf { u32 len; u8 buf[]; }: a NULL arg asks for the length;
 * else the string (no NUL) goes to buf if len holds it (-ENOBUFS if not)
 * and its length is returned.
 */
static long put_varbuf(struct vcpu *v, u64 arg, const char *str)
{
    u32 len, sz = (u32)strnlen(str, VARBUF_MAX);

    if (!arg)
        return sz;
    if (copy_from_guest(v, &len, arg, sizeof(len)))
        return -EFAULT;
    if (sz > len)
        return -ENOBUFS;
    return copy_to_guest(v, arg + sizeof(len), str, sz) ? -EFAULT : (long)sz;
}

static long ver_extraversion2(struct vcpu *v, u64 a) { return put_varbuf(v, a, XENVER_EXTRAVERSION); }
static long ver_capabilities2(struct vcpu *v, u64 a) { return put_varbuf(v, a, XENVER_CAPABILITIES); }
static long ver_changeset2(struct vcpu *v, u64 a) { return put_varbuf(v, a, XENVER_CHANGESET); }

static long (*const xenver_table[NR_XENVER])(struct vcpu *v, u64 arg) = {
    [0] = ver_version,                  /* XENVER_version */
    [1] = ver_extraversion,
    [2] = ver_compile_info,
    [3] = ver_capabilities,
    [4] = ver_changeset,
    [5] = ver_platform_parameters,
    [6] = ver_get_features,
    [XENVER_pagesize] = ver_pagesize,
    [8] = ver_guest_handle,
    [9] = ver_commandline,
    [XENVER_build_id] = ver_denied,     /* XSM_PRIV in Xen */
    [11] = ver_extraversion2,
    [12] = ver_capabilities2,
    [13] = ver_changeset2,
    [14] = ver_denied,                  /* commandline2: XSM_PRIV */
};

long do_xen_version(struct hypercall_call *call)
{
    unsigned int cmd = (unsigned int)call->arg[0];     /* Xen's "int cmd" */

    if (cmd >= NR_XENVER)
        return -ENOSYS;
    return xenver_table[cmd](call->v, call->arg[1]);
}
