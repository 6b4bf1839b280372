/*
 * Host tests for the Xen ABI pieces that are pure logic: the pvclock
 * scale and update protocol (xen/time_guest.c, xen-abi.md §5.3) and the
 * hypercall page contents (xen/hypercall_page.c, §1.2). The arch and
 * guest-memory hooks are stubbed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall_page.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include "unit_stubs.h"

/* ---- stubs ---- */

static struct arch_time_sample next_sample;
static struct vcpu_info *stub_vcpu_info;
static uint8_t guest_page[4096];
static uint64_t guest_page_gpa = 0x5000;

void arch_guest_time_sample(const struct domain *d, struct arch_time_sample *s)
{
    *s = next_sample;
}

struct vcpu_info *vcpu_vcpu_info(struct vcpu *v)
{
    return stub_vcpu_info;
}

int copy_to_guest_phys(struct domain *d, u64 gpa, const void *src, u64 len)
{
    if (gpa < guest_page_gpa || gpa + len > guest_page_gpa + sizeof(guest_page))
        return -EFAULT;
    memcpy(guest_page + (gpa - guest_page_gpa), src, len);
    return 0;
}

/* ---- pvclock ---- */

/* ns for ticks as the guest computes them (§5.3 reader). */
static uint64_t scale_ticks(uint64_t ticks, uint32_t mul, int8_t shift)
{
    ticks = shift >= 0 ? ticks << shift : ticks >> -shift;
    return (uint64_t)(((unsigned __int128)ticks * mul) >> 32);
}

static void test_scale_rates(void **state)
{
    static const uint64_t hz[] = { 4000000, 100000, 999999999, 1000000000, 1000000001,
                                   2000000000, 2000000001, 3500000000ULL, 5000000000ULL };

    for (size_t i = 0; i < sizeof(hz) / sizeof(hz[0]); i++) {
        uint32_t mul;
        int8_t shift;
        uint64_t ns, khz;

        pvclock_scale(hz[i], &mul, &shift);
        assert_true(mul >= (1u << 31));            /* normalised: full precision */
        ns = scale_ticks(hz[i], mul, shift);        /* one second of ticks */
        assert_true(ns <= 1000000000ULL && ns >= 1000000000ULL - 2);
        /* Linux's pvclock_tsc_khz() recovers the rate. */
        khz = (1000000000ULL << 32) / mul;
        khz = (shift >= 0 ? khz >> shift : khz << -shift) / 1000;
        assert_true(khz + 1 >= hz[i] / 1000 && khz <= hz[i] / 1000 + 1);
    }
}

static void test_scale_zero_rate_is_safe(void **state)
{
    uint32_t mul;
    int8_t shift;

    pvclock_scale(0, &mul, &shift);             /* uncalibrated: treated as 1 GHz */
    assert_true(mul != 0);
}

static void test_update_time_protocol(void **state)
{
    struct vcpu_info vi = { .time = { .version = 4 } };
    struct vcpu v = { 0 };

    next_sample = (struct arch_time_sample){ .guest_tsc = 123456789, .stime = 987654321,
                                             .tsc_khz = 4000, .tsc_stable = true };
    stub_vcpu_info = &vi;
    vcpu_update_time(&v);
    assert_int_equal(vi.time.version, 6);       /* odd while writing, even after */
    assert_int_equal(vi.time.tsc_timestamp, 123456789);
    assert_int_equal(vi.time.system_time, 987654321);
    assert_int_equal(vi.time.flags, XEN_PVCLOCK_TSC_STABLE_BIT);
    /* 4000 ticks at 4 MHz: 1 ms, less at most 1 ns of truncation. */
    assert_in_range(scale_ticks(4000, vi.time.tsc_to_system_mul, vi.time.tsc_shift), 999999,
                    1000000);

    next_sample.tsc_stable = false;
    vcpu_update_time(&v);
    assert_int_equal(vi.time.version, 8);
    assert_int_equal(vi.time.flags, 0);

    stub_vcpu_info = NULL;                      /* no vcpu_info: nothing to do */
    vcpu_update_time(&v);
}

/* ---- hypercall page ---- */

static void test_hypercall_page(void **state)
{
    static const u8 vmcall[3] = { 0x0f, 0x01, 0xc1 };
    static const u8 stub5[9] = { 0xb8, 5, 0, 0, 0, 0x0f, 0x01, 0xc1, 0xc3 };

    memset(guest_page, 0, sizeof(guest_page));
    assert_int_equal(hypercall_page_install(NULL, guest_page_gpa, vmcall), 0);
    assert_memory_equal(guest_page + 5 * 32, stub5, sizeof(stub5));
    assert_int_equal(guest_page[127 * 32 + 1], 127);
    assert_int_equal(guest_page[23 * 32], 0x0f);            /* iret: ud2 */
    assert_int_equal(guest_page[23 * 32 + 1], 0x0b);
    assert_int_equal(guest_page[23 * 32 + 2], 0xcc);
    for (unsigned int i = 0; i < 128; i++)
        for (unsigned int b = (i == 23 ? 2 : 9); b < 32; b++)
            assert_int_equal(guest_page[i * 32 + b], 0xcc);
}

static void test_hypercall_page_errors(void **state)
{
    static const u8 vmcall[3] = { 0x0f, 0x01, 0xc1 };

    memset(guest_page, 0, sizeof(guest_page));
    assert_int_equal(hypercall_page_install(NULL, guest_page_gpa | 1, vmcall), -EINVAL);
    assert_int_equal(guest_page[0], 0);                     /* nothing written */
    assert_int_equal(hypercall_page_install(NULL, guest_page_gpa + 0x1000, vmcall), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_rates),
        cmocka_unit_test(test_scale_zero_rate_is_safe),
        cmocka_unit_test(test_update_time_protocol),
        cmocka_unit_test(test_hypercall_page),
        cmocka_unit_test(test_hypercall_page_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
