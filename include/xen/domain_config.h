/*
 * Boot-module strings that describe domains (dom0less style). GRUB passes
 * each module2 line's arguments as the module string; this parser decides
 * what the module is and, for a domain, its settings. Pure logic: the
 * domain builder does the creating, tests/unit/test_domain_config.c the
 * checking.
 *
 * Syntax (words separated by blanks; an optional first word containing a
 * '/' is the image path some loaders prepend, and is skipped):
 *
 *   domain [option=value]... [-- guest command line]
 *       The module is a guest kernel. Options:
 *         name=    1..31 of [A-Za-z0-9_.-]           default "dom<index>"
 *         mem=     size, K/M/G suffix (no suffix: bytes), page aligned,
 *                  1 MiB ..= 4 GiB - 16 MiB           default 16M
 *         vcpus=   1..64                              default 1
 *         cpus=    "all" or a list like 0-3,5 (CPUs 0..63); the builder
 *                  intersects it with the CPUs present  default all
 *         weight=  scheduler weight 1..65535          default 256
 *         cap=     percent of one CPU, 0..100*vcpus, 0 = no cap  default 0
 *         reboots= how often a guest reboot restarts the domain, 0..1000;
 *                  the next reboot destroys it. Bounded so that a guest
 *                  stuck in a reboot loop cannot keep the host busy forever.
 *                                                     default 8
 *         mode=    pvh  (ELF with XEN_ELFNOTE_PHYS32_ENTRY, PVH entry state)
 *                  real (flat binary loaded at 0x7c00, started in real mode)
 *                                                     default pvh
 *       Everything after a "--" word goes to the guest as its command line
 *       verbatim. Any other word is an error, so a typo ("vpcus=2") is
 *       reported instead of silently reaching the guest.
 *
 *   initrd [module command line]
 *       The module belongs to the closest preceding "domain" module, as
 *       the next entry of its hvm_start_info module list (the first one is
 *       the initrd for Linux). The rest of the string is that module's
 *       command line. An initrd with no domain before it is the caller's
 *       error to report.
 *
 *   anything else
 *       Not for the domain builder (DOMCFG_NONE); the caller ignores it or
 *       gives it to whoever owns it.
 */
#ifndef XEN_DOMAIN_CONFIG_H
#define XEN_DOMAIN_CONFIG_H

#include <xen/compiler.h>
#include <xen/types.h>

#define DOMCFG_NAME_LEN 32
#define DOMCFG_CMDLINE_LEN 256
#define DOMCFG_MSG_LEN 160

#define DOMCFG_MEM_MIN (1ULL << 20)
#define DOMCFG_MEM_MAX ((4ULL << 30) - (16ULL << 20))
#define DOMCFG_MEM_DEFAULT (16ULL << 20)
#define DOMCFG_MAX_VCPUS 64
#define DOMCFG_WEIGHT_DEFAULT 256
#define DOMCFG_REBOOTS_DEFAULT 8
#define DOMCFG_REBOOTS_MAX 1000
#define DOMCFG_CPUS_ALL (~0ULL)

/* Load address of a mode=real image: where a BIOS puts a boot sector. */
#define DOMCFG_REAL_LOAD_GPA 0x7c00

enum domcfg_kind {
    DOMCFG_NONE,        /* not a domain builder module */
    DOMCFG_DOMAIN,      /* a guest kernel: all fields below are valid */
    DOMCFG_INITRD,      /* extra module of the preceding domain: only cmdline */
};

enum domcfg_mode { DOMCFG_MODE_PVH, DOMCFG_MODE_REAL };

struct domain_config {
    enum domcfg_kind kind;
    char name[DOMCFG_NAME_LEN];
    u64 mem;                    /* guest RAM bytes, at GPA [0, mem) */
    unsigned int vcpus;
    u64 cpus;                   /* affinity: bit n = physical CPU n */
    unsigned int weight;
    unsigned int cap;           /* percent of one CPU; 0 = uncapped */
    unsigned int reboots;       /* restarts allowed on guest reboot */
    enum domcfg_mode mode;
    char cmdline[DOMCFG_CMDLINE_LEN];   /* guest's (DOMAIN) or module's (INITRD) */
    char error[DOMCFG_MSG_LEN]; /* why parsing failed, "" on success */
};

/*
 * Parse one module string. index numbers the domain for the default name
 * ("dom<index>"). Fills *cfg (defaults first, kind always set) and returns
 * 0, or -EINVAL with cfg->error naming the offending word, e.g.
 * "mem=3X: bad size". Boot-time only; no locking.
 */
int __must_check domcfg_parse(const char *modstr, unsigned int index, struct domain_config *cfg);

#endif /* XEN_DOMAIN_CONFIG_H */
