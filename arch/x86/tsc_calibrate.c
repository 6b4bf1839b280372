/*
 * TSC rate discovery: CPUID leaf 0x15 (crystal ratio; 0x16 base frequency
 * when the crystal is not enumerated), else a measurement against the
 * HPET main counter, else against PIT channel 2 polled through port 0x61.
 * Every wait is bounded by an iteration count, so a dead reference clock
 * costs a warning, never a hang.
 */
#include <asm/io.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* Measurement window: long enough for 0.1% accuracy from a 14 MHz HPET,
 * and one 16-bit PIT count (at most 54.9 ms). */
#define CALIB_MS 10
/* Poll iterations before a reference clock is declared dead: ~2 s of slow
 * port/MMIO reads on hardware, well under 1 s of Bochs time. */
#define CALIB_MAX_POLLS (1u << 22)

/* HPET registers (IA-PC HPET spec 1.0a §2.3). */
#define HPET_GCAP_ID_HI 0x004       /* COUNTER_CLK_PERIOD in femtoseconds */
#define HPET_GEN_CONF 0x010
#define HPET_CONF_ENABLE 0x1
#define HPET_COUNTER_LO 0x0f0
#define HPET_MAX_PERIOD_FS 100000000u   /* 100 ns (spec §2.3.4) */
#define FS_PER_NS 1000000ULL

/* PIT 8254: channel 2 is gated by port 0x61 bit 0, and its output can be
 * read back in bit 5, so no interrupt is needed. */
#define PIT_HZ 1193182ULL
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_MODE_CH2_ONESHOT 0xb0   /* ch 2, lobyte/hibyte, mode 0, binary */
#define PORT_SYS_CTRL 0x61
#define SYS_CTRL_GATE2 0x01
#define SYS_CTRL_SPEAKER 0x02
#define SYS_CTRL_OUT2 0x20

static char tsc_calib_opt[8];
string_param("tsc_calib", tsc_calib_opt);

/* kHz from CPUID 0x15 (SDM Vol. 3B §19.7.3): TSC = crystal * EBX / EAX. */
static u64 tsc_khz_cpuid(void)
{
    u32 max = cpuid(0).eax;
    struct cpuid_regs r;

    if (max < 0x15)
        return 0;
    r = cpuid(0x15);
    if (!r.eax || !r.ebx)
        return 0;
    if (r.ecx)
        return (u64)r.ecx * r.ebx / r.eax / 1000;
    /* Crystal not enumerated: the TSC runs at the base frequency (0x16). */
    return max >= 0x16 ? (u64)(cpuid(0x16).eax & 0xffff) * 1000 : 0;
}

static u32 mmio_read32(const volatile void *base, unsigned int reg)
{
    return *(const volatile u32 *)((const volatile u8 *)base + reg);
}

static void mmio_write32(volatile void *base, unsigned int reg, u32 v)
{
    *(volatile u32 *)((volatile u8 *)base + reg) = v;
}

/* kHz from the TSC advance while the HPET counts CALIB_MS worth of ticks. */
static u64 tsc_khz_hpet(void)
{
    const struct acpi_hpet_info *info = acpi_hpet();
    volatile void *hpet;
    u32 period_fs, ticks, start, polls = 0;
    u64 tsc0, tsc1;

    if (!info || !(hpet = ioremap_uc(info->address, 0x400)))
        return 0;
    period_fs = mmio_read32(hpet, HPET_GCAP_ID_HI);
    if (!period_fs || period_fs > HPET_MAX_PERIOD_FS)
        return 0;
    mmio_write32(hpet, HPET_GEN_CONF, mmio_read32(hpet, HPET_GEN_CONF) | HPET_CONF_ENABLE);
    ticks = (u32)(MILLISECS(CALIB_MS) * FS_PER_NS / period_fs);
    start = mmio_read32(hpet, HPET_COUNTER_LO);
    tsc0 = rdtsc();
    /* Unsigned difference: correct across a 32-bit counter wrap. */
    while (mmio_read32(hpet, HPET_COUNTER_LO) - start < ticks)
        if (++polls == CALIB_MAX_POLLS)
            return 0;
    tsc1 = rdtsc();
    return (tsc1 - tsc0) * FS_PER_NS / ((u64)ticks * period_fs / 1000000);
}

/* kHz from the TSC advance while PIT channel 2 counts down CALIB_MS. */
static u64 tsc_khz_pit(void)
{
    u32 count = (u32)(PIT_HZ * CALIB_MS / 1000), polls = 0;
    u64 tsc0, tsc1;

    outb(PORT_SYS_CTRL, (inb(PORT_SYS_CTRL) & ~SYS_CTRL_SPEAKER) | SYS_CTRL_GATE2);
    outb(PIT_MODE, PIT_MODE_CH2_ONESHOT);
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);      /* mode 0: OUT2 low until count hits 0 */
    tsc0 = rdtsc();
    while (!(inb(PORT_SYS_CTRL) & SYS_CTRL_OUT2))
        if (++polls == CALIB_MAX_POLLS)
            return 0;
    tsc1 = rdtsc();
    return (tsc1 - tsc0) * PIT_HZ / (count * 1000ULL);
}

struct tsc_source {
    const char *name;           /* for the log and for "tsc_calib=" */
    const char *what;
    u64 (*khz)(void);
};

static const struct tsc_source tsc_sources[] = {
    { "cpuid", "CPUID 0x15/0x16", tsc_khz_cpuid },
    { "hpet", "HPET", tsc_khz_hpet },
    { "pit", "PIT", tsc_khz_pit },
};

/* Measured sources disagreeing with CPUID by more than 1/8 win: emulators
 * advertise a crystal their TSC does not follow (Bochs counts
 * instructions). */
static u64 tsc_check_cpuid(u64 cpuid_khz)
{
    for (unsigned int i = 1; i < ARRAY_SIZE(tsc_sources); i++) {
        u64 m = tsc_sources[i].khz();

        if (!m)
            continue;
        if (m > cpuid_khz + cpuid_khz / 8 || m < cpuid_khz - cpuid_khz / 8) {
            printk(XENLOG_WARNING "TSC: CPUID says %llu kHz but the %s measures %llu kHz; using the measurement\n",
                   (unsigned long long)cpuid_khz, tsc_sources[i].what, (unsigned long long)m);
            return 0;
        }
        break;
    }
    return cpuid_khz;
}

static u64 tsc_try(unsigned int i, bool forced)
{
    u64 khz = tsc_sources[i].khz();

    if (!khz && forced)
        printk(XENLOG_WARNING "TSC: tsc_calib=%s gave no answer\n", tsc_sources[i].name);
    if (khz && i == 0 && !forced)
        khz = tsc_check_cpuid(khz);
    return khz;
}

u64 tsc_calibrate(const char **source)
{
    bool forced = false;
    u64 khz;

    for (unsigned int i = 0; i < ARRAY_SIZE(tsc_sources); i++)
        if (!strcmp(tsc_calib_opt, tsc_sources[i].name)) {
            forced = true;
            if ((khz = tsc_try(i, true))) {
                *source = tsc_sources[i].what;
                return khz;
            }
        }
    if (tsc_calib_opt[0] && !forced)
        printk(XENLOG_WARNING "TSC: unknown tsc_calib=%s (cpuid|hpet|pit); trying all\n",
               tsc_calib_opt);
    for (unsigned int i = 0; i < ARRAY_SIZE(tsc_sources); i++)
        if ((khz = tsc_try(i, false))) {
            *source = tsc_sources[i].what;
            return khz;
        }
    return 0;
}
