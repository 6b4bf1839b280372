/*
 * Guest FPU state switching. Loading first sets XCR0 to every supported
 * feature so that XRSTOR also resets components the incoming guest never
 * enabled: no vCPU can ever read another's registers by enabling a
 * feature later (SDM Vol. 1 §13.8: XRSTOR initialises components whose
 * XSTATE_BV bit is clear).
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/string.h>

#define CPUID1_ECX_XSAVE (1u << 26)
#define X86_CR4_OSXSAVE (1ul << 18)
#define XCR0_X87 (1ULL << 0)
#define XCR0_SSE (1ULL << 1)
#define XCR0_AVX (1ULL << 2)
#define XCR0_AVX512 (7ULL << 5)         /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_SUPPORTED_BY_US (XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512)

static bool has_xsave;
static u64 xcr0_supported;
static unsigned int area_order;

static void xsetbv(u32 index, u64 val)
{
    __asm__ __volatile__("xsetbv" : : "c"(index), "a"((u32)val), "d"((u32)(val >> 32)));
}

void fpu_init(void)
{
    struct cpuid_regs r;

    has_xsave = cpuid(1).ecx & CPUID1_ECX_XSAVE;
    if (!has_xsave) {
        printk("FPU: FXSAVE state switching (no XSAVE)\n");
        return;
    }
    r = cpuid_count(0xd, 0);
    xcr0_supported = (((u64)r.edx << 32) | r.eax) & XCR0_SUPPORTED_BY_US;
    while ((PAGE_SIZE << area_order) < r.ecx)
        area_order++;
    printk("FPU: XSAVE state switching, XCR0 features %#llx, %u-byte area\n",
           (unsigned long long)xcr0_supported, r.ecx);
}

void fpu_cpu_init(void)
{
    if (!has_xsave)
        return;
    write_cr4(read_cr4() | X86_CR4_OSXSAVE);
    xsetbv(0, xcr0_supported);
}

u64 fpu_xcr0_supported(void)
{
    return xcr0_supported;
}

int fpu_state_alloc(struct fpu_state *f)
{
    u8 *a = alloc_xenheap_pages(area_order);

    if (!a)
        return -ENOMEM;
    memset(a, 0, PAGE_SIZE << area_order);
    /* Legacy region (SDM Vol. 1 table 10-2): FCW at 0, MXCSR at 24. */
    a[0] = 0x7f;
    a[1] = 0x03;
    a[24] = 0x80;
    a[25] = 0x1f;
    /* XSTATE_BV = x87|SSE: restore the legacy region as written above. */
    if (has_xsave)
        a[512] = (u8)(XCR0_X87 | XCR0_SSE);
    f->area = a;
    f->xcr0 = XCR0_X87;
    return 0;
}

void fpu_state_free(struct fpu_state *f)
{
    free_xenheap_pages(f->area, area_order);
    f->area = NULL;
}

void fpu_load(const struct fpu_state *f)
{
    if (!has_xsave) {
        __asm__ __volatile__("fxrstor64 %0" : : "m"(*(const u8(*)[512])f->area));
        return;
    }
    xsetbv(0, xcr0_supported);
    __asm__ __volatile__("xrstor64 %0" : : "m"(*(const u8(*)[4096])f->area), "a"(~0u), "d"(~0u)
                         : "memory");
    xsetbv(0, f->xcr0);
}

void fpu_save(struct fpu_state *f)
{
    if (!has_xsave) {
        __asm__ __volatile__("fxsave64 %0" : "=m"(*(u8(*)[512])f->area));
        return;
    }
    xsetbv(0, xcr0_supported);
    __asm__ __volatile__("xsave64 %0" : "=m"(*(u8(*)[4096])f->area) : "a"(~0u), "d"(~0u)
                         : "memory");
}

/* XSETBV rules (SDM Vol. 2 XSETBV): x87 always on, AVX needs SSE, the
 * three AVX-512 components together and with AVX. */
int fpu_set_xcr0(struct fpu_state *f, u32 index, u64 val)
{
    u64 avx512 = val & XCR0_AVX512;

    if (!has_xsave || index != 0 || !(val & XCR0_X87) || (val & ~xcr0_supported) ||
        ((val & XCR0_AVX) && !(val & XCR0_SSE)) ||
        (avx512 && (avx512 != XCR0_AVX512 || !(val & XCR0_AVX))))
        return -1;
    f->xcr0 = val;
    xsetbv(0, val);
    return 0;
}
