/*
 * Hypervisor command-line options, Xen style ("com1=115200,8n1 loglvl=all
 * maxcpus=2 no-foo"). Each option is a table entry placed in the xen_params
 * section by one of the *_param() macros below; xen/cmdline.c walks the
 * table. Options are parsed once, early on the boot CPU.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/compiler.h>
#include <xen/types.h>

enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;               /* size of the target variable/buffer */
    union {
        void *var;
        int (*func)(const char *value); /* PARAM_CUSTOM: 0 or -errno */
    } u;
};

#define __param(id_, name_, type_, len_, ptr_)                              \
    static const struct kernel_param __param_##id_                           \
        __section("xen_params") __used __aligned(8) = {                      \
            .name = name_, .type = type_, .len = len_, .u = { .var = (void *)(ptr_) } }

/* bool var: "name", "name=1|0|yes|no|on|off|true|false", "no-name". */
#define boolean_param(name, var) __param(var, name, PARAM_BOOL, sizeof(var), &var)
/* unsigned integer (any width) in decimal or 0x-hex. */
#define integer_param(name, var) __param(var, name, PARAM_UINT, sizeof(var), &var)
/* u64 size with optional K/M/G/T suffix ("mem=512M"). */
#define size_param(name, var) __param(var, name, PARAM_SIZE, sizeof(var), &var)
/* char var[N]: copied and NUL-terminated (truncated with a warning). */
#define string_param(name, var) __param(var, name, PARAM_STRING, sizeof(var), var)
/* int fn(const char *value): value is NULL for a bare "name". */
#define custom_param(name_, fn)                                               \
    static const struct kernel_param __param_##fn                    \
        __section("xen_params") __used __aligned(8) = {                      \
            .name = name_, .type = PARAM_CUSTOM, .len = 0, .u = { .func = fn } }

/*
 * Apply every "name[=value]" word of cmdline to the registered options.
 * Unknown names and bad values are reported with a warning and skipped;
 * returns the number of words that could not be applied.
 */
int cmdline_parse(const char *cmdline);

/*
 * Helpers shared with custom parsers. parse_size_and_unit() reads a number
 * with an optional K/M/G/T suffix; *end gets the first unparsed char.
 */
u64 parse_size_and_unit(const char *s, const char **end);
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);

#endif /* XEN_PARAM_H */
