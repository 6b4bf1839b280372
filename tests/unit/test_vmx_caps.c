/*
 * Host tests for the VMX capability decoder and policy (arch/x86/vmx/
 * vmx_caps.c), fed with the MSR values Bochs reports for its CPU models
 * (testing-platform.md §6). BASIC[55] is set on all of them, so vmx.c reads
 * the TRUE_* control MSRs (0x48d..0x490): those are the values used here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../arch/x86/vmx/vmx_caps.h"
#include "unit_stubs.h"

static const struct vmx_msrs skylake_x = {
    .basic = 0x00d810000000002bULL,
    .pinbased = 0x0000007f00000016ULL,     /* TRUE_PINBASED 0x48d */
    .procbased = 0xf7f9fffe04006172ULL,    /* TRUE_PROCBASED 0x48e: no MTF (bit 27) */
    .exit = 0x007fffff00036dfbULL,         /* TRUE_EXIT 0x48f */
    .entry = 0x0000ffff000011fbULL,        /* TRUE_ENTRY 0x490 */
    .misc = 0x00000000600401e0ULL,
    .procbased2 = 0x02177fff00000000ULL,
    .ept_vpid_cap = 0x00000f0106334141ULL,
};

static const struct vmx_msrs icelake_u = {
    .basic = 0x00d8100000000004ULL,
    .pinbased = 0x0000007f00000016ULL,
    .procbased = 0xfff9fffe04006172ULL,    /* MTF allowed */
    .exit = 0x007fffff00036dfbULL,
    .entry = 0x0000ffff000011fbULL,
    .misc = 0x00000000600401e0ULL,
    .procbased2 = 0x02977fff00000000ULL,   /* + sub-page write permissions */
    .ept_vpid_cap = 0x00000f0106334141ULL,
};

/* The doc gives only the allowed-1 half of EXIT/ENTRY for tigerlake. */
static const struct vmx_msrs tigerlake = {
    .basic = 0x01d8100000000004ULL,
    .pinbased = 0x0000007f00000016ULL,
    .procbased = 0xfff9fffe04006172ULL,
    .exit = 0x107fffff00036dfbULL,
    .entry = 0x0010ffff000011fbULL,
    .misc = 0x00000000600401e0ULL,
    .procbased2 = 0x02977fff00000000ULL,
    .ept_vpid_cap = 0x00000f0106b34141ULL,
};

static struct vmx_caps caps;
static char line[512];

static void decode(const struct vmx_msrs *m)
{
    memset(&caps, 0xff, sizeof(caps));      /* decode must overwrite all */
    vmx_caps_decode(m, &caps);
    vmx_caps_format(&caps, line, sizeof(line));
}

static void assert_line_has(const char *needle)
{
    if (!strstr(line, needle))
        fail_msg("'%s' not in '%s'", needle, line);
}

/* What every Bochs model has: everything Xenolith needs, no posted interrupts. */
static void assert_common_bochs_caps(void)
{
    assert_int_equal(caps.vmcs_size, 4096);
    assert_true(caps.vmcs_wb);
    assert_true(caps.true_ctls);
    assert_true(caps.secondary);
    assert_true(caps.ept && caps.ept_4level && caps.ept_wb && caps.invept);
    assert_true(caps.ept_2m && caps.ept_1g && caps.ept_ad);
    assert_true(caps.vpid && caps.invvpid);
    assert_true(caps.unrestricted);
    assert_true(caps.preemption_timer);
    assert_int_equal(caps.preemption_timer_shift, 0);
    assert_true(caps.msr_bitmaps && caps.io_bitmaps);
    assert_true(caps.apic_access && caps.apic_reg_virt && caps.virt_intr_delivery);
    assert_true(caps.virt_x2apic && caps.pause_loop_exiting);
    assert_false(caps.posted_intr);
    assert_null(vmx_caps_missing(&caps));
    assert_line_has("EPT yes (2M yes, 1G yes, A/D yes)");
    assert_line_has("VPID yes");
    assert_line_has("unrestricted guest yes");
    assert_line_has("preemption timer yes (TSC>>0)");
    assert_line_has("posted interrupts no");
}

static void test_skylake_x(void **state)
{
    decode(&skylake_x);
    assert_int_equal(caps.revision, 0x2b);
    assert_common_bochs_caps();
    assert_false(caps.mtf);
    assert_line_has("VMX caps: rev 0x2b,");
    assert_line_has("MTF no");
}

static void test_icelake_u(void **state)
{
    decode(&icelake_u);
    assert_int_equal(caps.revision, 0x4);
    assert_common_bochs_caps();
    assert_true(caps.mtf);
    assert_line_has("rev 0x4,");
    assert_line_has("MTF yes");
}

static void test_tigerlake(void **state)
{
    decode(&tigerlake);
    assert_int_equal(caps.revision, 0x4);
    assert_common_bochs_caps();
    assert_true(caps.mtf);
    assert_line_has("MTF yes");
}

/* Clear one allowed-1 bit (bit 32 + n of a control MSR) in a copy. */
static struct vmx_msrs without(const struct vmx_msrs *m, size_t field, unsigned int bit)
{
    struct vmx_msrs copy = *m;

    *(u64 *)((char *)&copy + field) &= ~(1ULL << bit);
    return copy;
}

static void assert_missing(const struct vmx_msrs *m, const char *needle)
{
    const char *why;

    vmx_caps_decode(m, &caps);
    why = vmx_caps_missing(&caps);
    if (!why || !strstr(why, needle))
        fail_msg("expected a message about '%s', got '%s'", needle, why ? why : "(null)");
}

static void test_missing_secondary(void **state)
{
    struct vmx_msrs m = without(&skylake_x, offsetof(struct vmx_msrs, procbased), 32 + 31);

    assert_missing(&m, "secondary processor controls");
    /* PROCBASED2 must be ignored when the secondary controls can't be enabled. */
    assert_false(caps.secondary);
    assert_false(caps.ept || caps.vpid || caps.unrestricted || caps.ept_1g || caps.invvpid);
}

static void test_missing_ept(void **state)
{
    struct vmx_msrs m = without(&skylake_x, offsetof(struct vmx_msrs, procbased2), 32 + 1);

    assert_missing(&m, "lacks EPT");
    assert_false(caps.ept);
    /* The EPT capability bits mean nothing without EPT itself. */
    assert_false(caps.ept_4level || caps.ept_wb || caps.ept_2m || caps.ept_1g || caps.invept);
    assert_true(caps.vpid && caps.unrestricted);
}

static void test_missing_unrestricted_guest(void **state)
{
    struct vmx_msrs m = without(&icelake_u, offsetof(struct vmx_msrs, procbased2), 32 + 7);

    assert_missing(&m, "unrestricted guest");
    assert_true(caps.ept);
    vmx_caps_format(&caps, line, sizeof(line));
    assert_line_has("unrestricted guest no");
}

static void test_missing_other_requirements(void **state)
{
    struct vmx_msrs m;

    m = without(&skylake_x, offsetof(struct vmx_msrs, basic), 51);   /* memtype 6 → 4 */
    assert_missing(&m, "write-back VMCS");
    m = without(&skylake_x, offsetof(struct vmx_msrs, procbased), 32 + 28);
    assert_missing(&m, "MSR bitmaps");
    m = without(&skylake_x, offsetof(struct vmx_msrs, ept_vpid_cap), 6);
    assert_missing(&m, "4-level");
    m = without(&skylake_x, offsetof(struct vmx_msrs, ept_vpid_cap), 14);
    assert_missing(&m, "write-back paging-structure");
    m = without(&skylake_x, offsetof(struct vmx_msrs, ept_vpid_cap), 20);
    assert_missing(&m, "INVEPT");
}

/* Optional features may be absent without blocking the boot. */
static void test_optional_caps_not_required(void **state)
{
    struct vmx_msrs m = skylake_x;

    m.pinbased &= ~(0x40ULL << 32);                 /* preemption timer */
    m.procbased2 &= ~((1ULL << 5 | 1ULL << 0) << 32);  /* VPID, APIC access */
    m.ept_vpid_cap &= ~(1ULL << 17 | 1ULL << 21);    /* 1G pages, A/D */
    vmx_caps_decode(&m, &caps);
    assert_false(caps.preemption_timer || caps.vpid || caps.invvpid || caps.apic_access);
    assert_false(caps.ept_1g || caps.ept_ad);
    assert_null(vmx_caps_missing(&caps));
}

/* Only the allowed-1 half (bits 63:32) says what may be enabled (SDM A.3). */
static void test_allowed0_half_ignored(void **state)
{
    struct vmx_msrs m = skylake_x;

    m.procbased = 0xffffffffULL;            /* every bit "must be 1", none may be */
    m.pinbased = 0xffffffffULL;
    vmx_caps_decode(&m, &caps);
    assert_false(caps.secondary || caps.mtf || caps.msr_bitmaps || caps.io_bitmaps);
    assert_false(caps.preemption_timer || caps.posted_intr);
    assert_non_null(vmx_caps_missing(&caps));
}

static void test_basic_and_misc_fields(void **state)
{
    struct vmx_msrs m = skylake_x;

    m.basic = 0x0000040080001234ULL;        /* rev with bit 31 set, size 1024, UC */
    m.misc = 0x25;                          /* timer shift 5 (bits 4:0) */
    m.pinbased |= 0x80ULL << 32;            /* posted interrupts */
    vmx_caps_decode(&m, &caps);
    assert_int_equal(caps.revision, 0x1234);     /* bit 31 is not part of it */
    assert_int_equal(caps.vmcs_size, 1024);
    assert_false(caps.vmcs_wb);
    assert_false(caps.true_ctls);
    assert_int_equal(caps.preemption_timer_shift, 5);
    assert_true(caps.posted_intr);
    vmx_caps_format(&caps, line, sizeof(line));
    assert_line_has("(TSC>>5)");
    assert_line_has("posted interrupts yes");
}

static void test_format_truncates(void **state)
{
    char small[20];

    decode(&skylake_x);
    memset(small, 'X', sizeof(small));
    vmx_caps_format(&caps, small, sizeof(small));
    assert_string_equal(small, "VMX caps: rev 0x2b,");
    vmx_caps_format(&caps, small, 1);
    assert_int_equal(small[0], '\0');
    assert_true(strlen(line) < sizeof(line) - 1);   /* the full line fits in 512 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skylake_x),
        cmocka_unit_test(test_icelake_u),
        cmocka_unit_test(test_tigerlake),
        cmocka_unit_test(test_missing_secondary),
        cmocka_unit_test(test_missing_ept),
        cmocka_unit_test(test_missing_unrestricted_guest),
        cmocka_unit_test(test_missing_other_requirements),
        cmocka_unit_test(test_optional_caps_not_required),
        cmocka_unit_test(test_allowed0_half_ignored),
        cmocka_unit_test(test_basic_and_misc_fields),
        cmocka_unit_test(test_format_truncates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
