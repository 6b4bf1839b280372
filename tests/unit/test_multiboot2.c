/*
 * Host tests for the multiboot2 parser (arch/x86/boot/multiboot2.c). MBIs
 * are assembled tag by tag in a scratch buffer shaped like what GRUB hands
 * over (testing-platform.md §8), then copied into a heap block of exactly
 * total_size bytes so that ASan catches any read past the MBI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/multiboot2.h>
#include "unit_stubs.h"

/* ---- MBI builder ---- */

struct mbi {
    u8 buf[16384] __attribute__((aligned(8)));
    size_t len;
};

static struct mbi mb;
static struct bootinfo bi;

static void mbi_begin(struct mbi *m)
{
    memset(m->buf, 0, sizeof(m->buf));
    m->len = 8;                     /* total_size, reserved */
}

/* Append a tag; size is 8 + body_len (not padded), next tag 8-aligned. */
static size_t mbi_tag(struct mbi *m, u32 type, const void *body, size_t body_len)
{
    size_t off = m->len;
    u32 size = (u32)(8 + body_len);

    assert_true(off + 8 + body_len + 8 <= sizeof(m->buf));
    memcpy(m->buf + off, &type, 4);
    memcpy(m->buf + off + 4, &size, 4);
    if (body_len)
        memcpy(m->buf + off + 8, body, body_len);
    m->len = (off + size + 7) & ~(size_t)7;
    return off;
}

/* Close the MBI with an end tag and write total_size. */
static void mbi_end(struct mbi *m)
{
    u32 total;

    mbi_tag(m, MB2_TAG_END, NULL, 0);
    total = (u32)m->len;
    memcpy(m->buf, &total, 4);
}

static void mbi_set_u32(struct mbi *m, size_t off, u32 v)
{
    memcpy(m->buf + off, &v, 4);
}

/*
 * Parse the first avail bytes of m from a heap copy of exactly avail bytes
 * (malloc gives 16-byte alignment, as the MBI's 8 requires).
 */
static int mbi_parse_avail(const struct mbi *m, size_t avail)
{
    u8 *copy = malloc(avail ? avail : 1);
    int rc;

    assert_non_null(copy);
    assert_true(((uintptr_t)copy & 7) == 0);
    memcpy(copy, m->buf, avail);
    rc = mb2_parse(copy, avail, &bi);
    free(copy);
    return rc;
}

static int mbi_parse(const struct mbi *m)
{
    return mbi_parse_avail(m, *(const u32 *)m->buf);
}

/* ---- tag helpers ---- */

static void add_string(struct mbi *m, u32 type, const char *s)
{
    mbi_tag(m, type, s, strlen(s) + 1);
}

/* Tags we don't consume, with their real sizes (APM 28, boot dev 20, ELF 20+). */
static void add_opaque(struct mbi *m, u32 type, size_t body_len)
{
    u8 body[64];

    memset(body, 0xa5, sizeof(body));
    mbi_tag(m, type, body, body_len);
}

struct mmap_entry {
    u64 base, len;
    u32 type, reserved;
};

static size_t add_mmap(struct mbi *m, const struct mmap_entry *e, size_t n, u32 entry_size)
{
    u8 body[8 + 200 * 32] = { 0 };

    assert_true(n * entry_size <= sizeof(body) - 8);
    memcpy(body, (u32[]){ entry_size, 0 }, 8);          /* entry_size, entry_version */
    for (size_t i = 0; i < n; i++)
        memcpy(body + 8 + i * entry_size, &e[i], MIN(sizeof(e[i]), entry_size));
    return mbi_tag(m, MB2_TAG_MMAP, body, 8 + n * entry_size);
}

/* EFI_MEMORY_TYPE values, UEFI spec §7.2. */
enum { EFI_RESERVED, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BS_CODE, EFI_BS_DATA,
       EFI_RT_CODE, EFI_RT_DATA, EFI_CONVENTIONAL, EFI_UNUSABLE, EFI_ACPI_RECLAIM,
       EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT, EFI_PAL, EFI_PERSISTENT };

struct efi_desc {
    u32 type, pad;
    u64 phys, virt, pages, attr;
};

static void add_efi_mmap(struct mbi *m, const struct efi_desc *d, size_t n, u32 desc_size)
{
    u8 body[8 + 64 * 64] = { 0 };

    assert_true(n * desc_size <= sizeof(body) - 8);
    memcpy(body, (u32[]){ desc_size, 1 }, 8);           /* descr_size, descr_vers */
    for (size_t i = 0; i < n; i++)
        memcpy(body + 8 + i * desc_size, &d[i], MIN(sizeof(d[i]), desc_size));
    mbi_tag(m, MB2_TAG_EFI_MMAP, body, 8 + n * desc_size);
}

static void add_module(struct mbi *m, u32 start, u32 end, const char *cmdline)
{
    u8 body[300];
    size_t len = strlen(cmdline) + 1;

    assert_true(8 + len <= sizeof(body));
    memcpy(body, &start, 4);
    memcpy(body + 4, &end, 4);
    memcpy(body + 8, cmdline, len);
    mbi_tag(m, MB2_TAG_MODULE, body, 8 + len);
}

/* RSDP copy: "RSD PTR " then bytes marking the revision, len bytes long. */
static void add_rsdp(struct mbi *m, u32 type, u8 revision, size_t len)
{
    u8 body[36];

    for (size_t i = 0; i < sizeof(body); i++)
        body[i] = (u8)(0x40 + i);
    memcpy(body, "RSD PTR ", 8);
    body[15] = revision;
    mbi_tag(m, type, body, len);
}

static void add_fb(struct mbi *m, u64 addr, u32 pitch, u32 w, u32 h, u8 bpp, u8 type)
{
    u8 body[24] = { 0 };            /* GRUB: 22 bytes + reserved + colour info */

    memcpy(body, &addr, 8);
    memcpy(body + 8, (u32[]){ pitch, w, h }, 12);
    body[20] = bpp, body[21] = type;
    mbi_tag(m, MB2_TAG_FRAMEBUFFER, body, sizeof(body));
}

/* ---- canned MBIs, as GRUB gives them ---- */

static const struct mmap_entry bios_map[] = {
    { 0x0, 0x9fc00, MEM_RAM, 0 },
    { 0x9fc00, 0x400, MEM_RESERVED, 0 },
    { 0xf0000, 0x10000, MEM_RESERVED, 0 },
    { 0x100000, 0x1000000, MEM_RAM, 0 },        /* two contiguous RAM entries */
    { 0x1100000, 0x1ede0000, MEM_RAM, 0 },      /* ... merge into one */
    { 0x1fee0000, 0x10000, MEM_ACPI, 0 },
    { 0x1fef0000, 0x10000, MEM_NVS, 0 },
    { 0xfffc0000, 0x40000, 7, 0 },              /* unknown type → reserved */
};

static void build_bios(struct mbi *m)
{
    mbi_begin(m);
    mbi_tag(m, MB2_TAG_LOAD_BASE, &(u32){ 0x200000 }, 4);
    add_string(m, MB2_TAG_CMDLINE, "console=com1 com1=115200,8n1 loglvl=all");
    add_string(m, MB2_TAG_LOADER_NAME, "GRUB 2.06");
    add_opaque(m, MB2_TAG_APM, 20);
    add_mmap(m, bios_map, ARRAY_SIZE(bios_map), 24);
    add_opaque(m, MB2_TAG_ELF_SECTIONS, 12);
    mbi_tag(m, MB2_TAG_BASIC_MEMINFO, (u32[]){ 639, 523136 }, 8);
    add_opaque(m, MB2_TAG_BOOTDEV, 12);
    add_fb(m, 0xb8000, 160, 80, 25, 16, 2);
    add_rsdp(m, MB2_TAG_ACPI_OLD, 0, 20);
    mbi_end(m);
}

static const struct efi_desc uefi_map[] = {
    { EFI_BS_CODE, 0, 0x0, 0, 1, 0xf },
    { EFI_CONVENTIONAL, 0, 0x1000, 0, 0x9f, 0xf },          /* merges with BS code */
    { EFI_CONVENTIONAL, 0, 0x100000, 0, 0x700, 0xf },
    { EFI_LOADER_CODE, 0, 0x800000, 0, 0x10, 0xf },         /* merges */
    { EFI_BS_DATA, 0, 0x810000, 0, 0x7000, 0xf },           /* merges */
    { EFI_ACPI_RECLAIM, 0, 0x7810000, 0, 0x10, 0xf },
    { EFI_ACPI_NVS, 0, 0x7820000, 0, 0x80, 0xf },
    { EFI_RT_DATA, 0, 0x78a0000, 0, 0x20, 0x800000000000000fULL },
    { EFI_UNUSABLE, 0, 0x78c0000, 0, 0x1, 0xf },
    { EFI_MMIO, 0, 0xffc00000, 0, 0x400, 0x8000000000000001ULL },
};

static void build_uefi_with(struct mbi *m, const struct efi_desc *d, size_t n, u32 desc_size)
{
    mbi_begin(m);
    mbi_tag(m, MB2_TAG_LOAD_BASE, &(u32){ 0x200000 }, 4);
    add_string(m, MB2_TAG_CMDLINE, "console=com1");
    add_string(m, MB2_TAG_LOADER_NAME, "GRUB 2.06");
    add_mmap(m, bios_map, 3, 24);       /* GRUB's e820-style copy, loses to tag 17 */
    add_opaque(m, MB2_TAG_ELF_SECTIONS, 12);
    mbi_tag(m, MB2_TAG_BASIC_MEMINFO, (u32[]){ 640, 7168 }, 8);
    mbi_tag(m, MB2_TAG_EFI64, &(u64){ 0x7f9ee018 }, 8);
    add_rsdp(m, MB2_TAG_ACPI_OLD, 0, 20);
    add_rsdp(m, MB2_TAG_ACPI_NEW, 2, 36);
    add_efi_mmap(m, d, n, desc_size);
    mbi_end(m);
}

static void build_uefi(struct mbi *m)
{
    build_uefi_with(m, uefi_map, ARRAY_SIZE(uefi_map), 48);
}

static int setup(void **state)
{
    unit_log_reset();
    memset(&bi, 0xcc, sizeof(bi));  /* mb2_parse must clear it */
    return 0;
}

static void assert_region(unsigned int i, u64 start, u64 size, u32 type)
{
    assert_true(i < bi.nr_mem);
    assert_int_equal(bi.mem[i].start, start);
    assert_int_equal(bi.mem[i].size, size);
    assert_int_equal(bi.mem[i].type, type);
}

/* ---- well-formed MBIs ---- */

static void test_bios_like(void **state)
{
    build_bios(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.warnings, 0);
    assert_string_equal(bi.cmdline, "console=com1 com1=115200,8n1 loglvl=all");
    assert_string_equal(bi.loader_name, "GRUB 2.06");
    assert_int_equal(bi.load_base, 0x200000);
    assert_false(bi.mem_from_efi);
    assert_int_equal(bi.efi_systab, 0);
    assert_int_equal(bi.nr_mods, 0);

    assert_int_equal(bi.nr_mem, 7);
    assert_region(0, 0x0, 0x9fc00, MEM_RAM);
    assert_region(1, 0x9fc00, 0x400, MEM_RESERVED);
    assert_region(2, 0xf0000, 0x10000, MEM_RESERVED);
    assert_region(3, 0x100000, 0x1fde0000, MEM_RAM);
    assert_region(4, 0x1fee0000, 0x10000, MEM_ACPI);
    assert_region(5, 0x1fef0000, 0x10000, MEM_NVS);
    assert_region(6, 0xfffc0000, 0x40000, MEM_RESERVED);

    assert_true(bi.fb.present);
    assert_int_equal(bi.fb.type, 2);
    assert_int_equal(bi.fb.addr, 0xb8000);
    assert_int_equal(bi.fb.width, 80);
    assert_int_equal(bi.fb.height, 25);
    assert_int_equal(bi.fb.pitch, 160);

    assert_int_equal(bi.rsdp_revision, 1);
    assert_memory_equal(bi.rsdp, "RSD PTR ", 8);
    assert_int_equal(bi.rsdp[19], 0x40 + 19);
}

static void test_uefi_like(void **state)
{
    build_uefi(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.warnings, 0);
    assert_true(bi.mem_from_efi);
    assert_int_equal(bi.efi_systab, 0x7f9ee018);
    assert_string_equal(bi.cmdline, "console=com1");

    /* Boot-services and loader memory become RAM and merge with neighbours. */
    assert_int_equal(bi.nr_mem, 7);
    assert_region(0, 0x0, 0xa0000, MEM_RAM);
    assert_region(1, 0x100000, 0x7710000, MEM_RAM);
    assert_region(2, 0x7810000, 0x10000, MEM_ACPI);
    assert_region(3, 0x7820000, 0x80000, MEM_NVS);
    assert_region(4, 0x78a0000, 0x20000, MEM_RESERVED);     /* runtime data */
    assert_region(5, 0x78c0000, 0x1000, MEM_BAD);
    assert_region(6, 0xffc00000, 0x400000, MEM_RESERVED);   /* MMIO */

    /* The v2 RSDP (tag 15) wins over the v1 copy before it. */
    assert_int_equal(bi.rsdp_revision, 2);
    assert_int_equal(bi.rsdp[15], 2);
    assert_int_equal(bi.rsdp[35], 0x40 + 35);

    /* ... and over one after it. */
    mbi_begin(&mb);
    add_rsdp(&mb, MB2_TAG_ACPI_NEW, 2, 36);
    add_rsdp(&mb, MB2_TAG_ACPI_OLD, 0, 20);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.rsdp_revision, 2);
    assert_int_equal(bi.rsdp[35], 0x40 + 35);
}

/* desc_size is the stride: firmware may use descriptors larger than 48 bytes. */
static void test_uefi_desc_size_stride(void **state)
{
    /* 40 is sizeof(EFI_MEMORY_DESCRIPTOR) itself; OVMF reports 48. */
    static const u32 sizes[] = { 40, 56, 64 };

    for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
        build_uefi_with(&mb, uefi_map, ARRAY_SIZE(uefi_map), sizes[i]);
        assert_int_equal(mbi_parse(&mb), 0);
        assert_true(bi.mem_from_efi);
        assert_int_equal(bi.nr_mem, 7);
        assert_region(1, 0x100000, 0x7710000, MEM_RAM);
        assert_region(6, 0xffc00000, 0x400000, MEM_RESERVED);
    }
}

static void test_modules(void **state)
{
    mbi_begin(&mb);
    add_string(&mb, MB2_TAG_CMDLINE, "dom0_mem=512M");
    add_module(&mb, 0x1000000, 0x1400000, "vmlinuz console=hvc0 root=/dev/ram0");
    add_module(&mb, 0x1400000, 0x1400000, "");          /* empty module is legal */
    add_module(&mb, 0x2000000, 0x2345678, "initrd.img");
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.warnings, 0);
    assert_int_equal(bi.nr_mods, 3);
    assert_int_equal(bi.mods[0].start, 0x1000000);
    assert_int_equal(bi.mods[0].size, 0x400000);
    assert_string_equal(bi.mods[0].cmdline, "vmlinuz console=hvc0 root=/dev/ram0");
    assert_int_equal(bi.mods[1].size, 0);
    assert_string_equal(bi.mods[1].cmdline, "");
    assert_int_equal(bi.mods[2].start, 0x2000000);
    assert_int_equal(bi.mods[2].size, 0x345678);
    assert_string_equal(bi.mods[2].cmdline, "initrd.img");
}

/* OVMF with "insmod all_video": RGB 800x600x24. */
static void test_framebuffer_rgb(void **state)
{
    mbi_begin(&mb);
    add_fb(&mb, 0x80000000, 2400, 800, 600, 24, 1);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.fb.addr, 0x80000000);
    assert_int_equal(bi.fb.pitch, 2400);
    assert_int_equal(bi.fb.width, 800);
    assert_int_equal(bi.fb.height, 600);
    assert_int_equal(bi.fb.bpp, 24);
    assert_int_equal(bi.fb.type, 1);
}

/* The smallest valid MBI: header and end tag only. */
static void test_minimal(void **state)
{
    mbi_begin(&mb);
    mbi_end(&mb);
    assert_int_equal(mb.len, 16);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, 0);
    assert_int_equal(bi.cmdline[0], '\0');
    assert_int_equal(bi.warnings, 0);
}

static void test_long_cmdline_truncated(void **state)
{
    static char line[BOOTINFO_CMDLINE_LEN + 100];

    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    mbi_begin(&mb);
    add_string(&mb, MB2_TAG_CMDLINE, line);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_LEN - 1);
    assert_true(unit_log_contains("command line truncated"));
}

/* ---- malformed header and tag framing: -EINVAL ---- */

static void test_total_size_too_small(void **state)
{
    build_bios(&mb);
    mbi_set_u32(&mb, 0, 15);
    assert_int_equal(mbi_parse_avail(&mb, 64), -EINVAL);
    mbi_set_u32(&mb, 0, 8);
    assert_int_equal(mbi_parse_avail(&mb, 64), -EINVAL);
    assert_true(unit_log_contains("size 8 is invalid"));
    /* Fewer than 16 bytes available: total_size itself must not be trusted. */
    assert_int_equal(mbi_parse_avail(&mb, 15), -EINVAL);
    assert_int_equal(mbi_parse_avail(&mb, 4), -EINVAL);
    assert_int_equal(mb2_parse(NULL, 4096, &bi), -EINVAL);
}

static void test_total_size_beyond_avail(void **state)
{
    build_bios(&mb);
    assert_int_equal(mbi_parse_avail(&mb, mb.len - 8), -EINVAL);
    assert_int_equal(mbi_parse_avail(&mb, 16), -EINVAL);
    /* One byte more than total is fine. */
    assert_int_equal(mbi_parse_avail(&mb, mb.len + 1), 0);
    /* Beyond the sanity limit, even if the caller vouches for it. */
    mbi_set_u32(&mb, 0, MB2_MAX_TOTAL_SIZE + 8);
    assert_int_equal(mb2_parse(mb.buf, SIZE_MAX, &bi), -EINVAL);
}

static void test_unaligned_pointer(void **state)
{
    u8 *raw;

    build_bios(&mb);
    raw = malloc(mb.len + 4);
    assert_non_null(raw);
    memcpy(raw + 4, mb.buf, mb.len);
    assert_int_equal(mb2_parse(raw + 4, mb.len, &bi), -EINVAL);
    free(raw);
}

static void test_tag_size_below_header(void **state)
{
    for (u32 bad = 0; bad < 8; bad++) {
        size_t off;

        mbi_begin(&mb);
        add_string(&mb, MB2_TAG_CMDLINE, "x");
        off = mbi_tag(&mb, MB2_TAG_BOOTDEV, "abcdefghijkl", 12);
        mbi_end(&mb);
        mbi_set_u32(&mb, off + 4, bad);
        assert_int_equal(mbi_parse(&mb), -EINVAL);
        assert_true(unit_log_contains("bad size"));
    }
}

static void test_tag_runs_past_total(void **state)
{
    size_t off;

    mbi_begin(&mb);
    off = mbi_tag(&mb, MB2_TAG_CMDLINE, "hello", 6);
    mbi_end(&mb);
    /* The cmdline claims to run one byte past total_size. */
    mbi_set_u32(&mb, off + 4, (u32)(mb.len - off + 1));
    assert_int_equal(mbi_parse(&mb), -EINVAL);
    mbi_set_u32(&mb, off + 4, 0xfffffff8);
    assert_int_equal(mbi_parse(&mb), -EINVAL);
    /* Exactly up to total swallows the end tag: no end tag. */
    mbi_set_u32(&mb, off + 4, (u32)(mb.len - off));
    assert_int_equal(mbi_parse(&mb), -EINVAL);
    assert_true(unit_log_contains("no end tag"));
}

static void test_missing_end_tag(void **state)
{
    u32 total;

    build_bios(&mb);
    total = (u32)(mb.len - 8);          /* drop the end tag */
    mbi_set_u32(&mb, 0, total);
    assert_int_equal(mbi_parse(&mb), -EINVAL);
    assert_true(unit_log_contains("no end tag"));

    /* A trailing partial tag header (4 bytes) is no end tag either. */
    mbi_set_u32(&mb, 0, total + 4);
    assert_int_equal(mbi_parse(&mb), -EINVAL);

    /* A last tag whose padding would run past total_size. */
    mbi_begin(&mb);
    mbi_tag(&mb, MB2_TAG_CMDLINE, "abc", 4);
    mbi_set_u32(&mb, 0, 8 + 12);
    assert_int_equal(mbi_parse(&mb), -EINVAL);
}

/* ---- malformed tag contents: warning, tag skipped, rest used ---- */

static void test_unterminated_cmdline(void **state)
{
    mbi_begin(&mb);
    mbi_tag(&mb, MB2_TAG_CMDLINE, "abc", 3);        /* no NUL inside the tag */
    add_string(&mb, MB2_TAG_LOADER_NAME, "GRUB");
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.cmdline[0], '\0');
    assert_string_equal(bi.loader_name, "GRUB");
    assert_int_equal(bi.warnings, 1);
    assert_true(unit_log_contains("command line string is not terminated"));

    /* An empty cmdline tag (size 8) has no terminator either. */
    mbi_begin(&mb);
    mbi_tag(&mb, MB2_TAG_CMDLINE, NULL, 0);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.warnings, 1);
}

static void test_mmap_entry_size_too_small(void **state)
{
    mbi_begin(&mb);
    add_mmap(&mb, bios_map, 4, 16);
    add_string(&mb, MB2_TAG_CMDLINE, "ok");
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, 0);
    assert_int_equal(bi.warnings, 1);
    assert_string_equal(bi.cmdline, "ok");
    assert_true(unit_log_contains("memory map tag malformed"));

    /* Body too short even for entry_size/version. */
    mbi_begin(&mb);
    mbi_tag(&mb, MB2_TAG_MMAP, "\x18\0\0", 4);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.warnings, 1);
}

/* A trailing partial entry is ignored, the whole ones are used. */
static void test_mmap_partial_entry(void **state)
{
    size_t off;

    mbi_begin(&mb);
    off = add_mmap(&mb, bios_map, 2, 24);
    mbi_end(&mb);
    mbi_set_u32(&mb, off + 4, 8 + 8 + 24 + 20);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, 1);
    assert_region(0, 0x0, 0x9fc00, MEM_RAM);
}

static void test_too_many_regions(void **state)
{
    struct mmap_entry e[BOOTINFO_MAX_MEM + 2];

    /* Alternate types so that no two neighbours merge. */
    for (unsigned int i = 0; i < ARRAY_SIZE(e); i++)
        e[i] = (struct mmap_entry){ i * 0x1000ULL, 0x1000, i % 2 ? MEM_RESERVED : MEM_RAM, 0 };
    mbi_begin(&mb);
    add_mmap(&mb, e, ARRAY_SIZE(e), 24);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, BOOTINFO_MAX_MEM);
    assert_int_equal(bi.warnings, 2);
    assert_region(BOOTINFO_MAX_MEM - 1, (BOOTINFO_MAX_MEM - 1) * 0x1000ULL, 0x1000, MEM_RESERVED);
    assert_true(unit_log_contains("more than 128 memory regions"));
}

static void test_too_many_modules(void **state)
{
    char name[16];

    mbi_begin(&mb);
    for (unsigned int i = 0; i < BOOTINFO_MAX_MODS + 2; i++) {
        snprintf(name, sizeof(name), "mod%u", i);
        add_module(&mb, 0x100000 * (i + 1), 0x100000 * (i + 1) + 0x1000, name);
    }
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mods, BOOTINFO_MAX_MODS);
    assert_int_equal(bi.warnings, 2);
    assert_string_equal(bi.mods[BOOTINFO_MAX_MODS - 1].cmdline, "mod15");
    assert_true(unit_log_contains("exceeds the module limit"));
}

static void test_module_end_before_start(void **state)
{
    mbi_begin(&mb);
    add_module(&mb, 0x2000000, 0x1000000, "backwards");
    add_module(&mb, 0x3000000, 0x3001000, "good");
    mbi_tag(&mb, MB2_TAG_MODULE, "\0\0\0\1", 4);      /* too short */
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mods, 1);
    assert_string_equal(bi.mods[0].cmdline, "good");
    assert_int_equal(bi.warnings, 2);
    assert_true(unit_log_contains("ends before it starts"));
    assert_true(unit_log_contains("module tag too short"));
}

static void test_wrapping_region(void **state)
{
    const struct mmap_entry e[] = {
        { 0x0, 0x9fc00, MEM_RAM, 0 },
        { 0xfffffffffffff000ULL, 0x2000, MEM_RAM, 0 },
        { 0x100000, 0x100000, MEM_RAM, 0 },
    };

    mbi_begin(&mb);
    add_mmap(&mb, e, ARRAY_SIZE(e), 24);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, 2);
    assert_region(1, 0x100000, 0x100000, MEM_RAM);
    assert_int_equal(bi.warnings, 1);
    assert_true(unit_log_contains("wraps"));
}

static void test_efi_region_too_large(void **state)
{
    const struct efi_desc d[] = {
        { EFI_CONVENTIONAL, 0, 0x100000, 0, 0x100, 0 },
        { EFI_CONVENTIONAL, 0, 0x200000, 0, 1ULL << 60, 0 },   /* pages << 12 overflows */
        { EFI_CONVENTIONAL, 0, 0xfffffffffff00000ULL, 0, 0x200, 0 }, /* wraps */
    };

    build_uefi_with(&mb, d, ARRAY_SIZE(d), 48);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.nr_mem, 1);
    assert_region(0, 0x100000, 0x100000, MEM_RAM);
    assert_int_equal(bi.warnings, 2);
}

/* A broken EFI map must not throw away GRUB's usable one. */
static void test_efi_map_malformed_keeps_bios_map(void **state)
{
    build_uefi_with(&mb, uefi_map, ARRAY_SIZE(uefi_map), 32);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_false(bi.mem_from_efi);
    assert_int_equal(bi.nr_mem, 3);
    assert_region(0, 0x0, 0x9fc00, MEM_RAM);
    assert_int_equal(bi.warnings, 1);
    assert_true(unit_log_contains("EFI memory map tag malformed"));

    unit_log_reset();
    build_uefi_with(&mb, uefi_map, 0, 48);      /* header only, no descriptor */
    assert_int_equal(mbi_parse(&mb), 0);
    assert_false(bi.mem_from_efi);
    assert_int_equal(bi.nr_mem, 3);
    assert_int_equal(bi.warnings, 1);
}

static void test_rsdp_too_short(void **state)
{
    mbi_begin(&mb);
    add_rsdp(&mb, MB2_TAG_ACPI_OLD, 0, 19);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.rsdp_revision, 0);
    assert_int_equal(bi.warnings, 1);
    assert_true(unit_log_contains("RSDP tag too short (19 bytes)"));

    /* A short v2 copy does not displace a good v1 one. */
    mbi_begin(&mb);
    add_rsdp(&mb, MB2_TAG_ACPI_OLD, 0, 20);
    add_rsdp(&mb, MB2_TAG_ACPI_NEW, 2, 24);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_int_equal(bi.rsdp_revision, 1);
    assert_int_equal(bi.warnings, 1);
}

/* Fixed-size tags that are too short are skipped, and said so. */
static void test_short_fixed_tags(void **state)
{
    mbi_begin(&mb);
    mbi_tag(&mb, MB2_TAG_FRAMEBUFFER, "\0\0\0\0\0\0\0\0\0\0", 10);
    mbi_tag(&mb, MB2_TAG_EFI64, "\1\2\3\4", 4);
    mbi_tag(&mb, MB2_TAG_LOAD_BASE, "\1\2", 2);
    mbi_end(&mb);
    assert_int_equal(mbi_parse(&mb), 0);
    assert_false(bi.fb.present);
    assert_int_equal(bi.efi_systab, 0);
    assert_int_equal(bi.load_base, 0);
    assert_int_equal(bi.warnings, 3);
    assert_true(unit_log_contains("framebuffer"));
}

/* ---- randomized corruption ---- */

static u64 rng_state;

static u32 rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (u32)(rng_state >> 11);
}

static void check_parsed_sane(void)
{
    assert_true(bi.nr_mem <= BOOTINFO_MAX_MEM);
    assert_true(bi.nr_mods <= BOOTINFO_MAX_MODS);
    assert_true(bi.rsdp_revision <= 2);
    assert_non_null(memchr(bi.cmdline, 0, sizeof(bi.cmdline)));
    assert_non_null(memchr(bi.loader_name, 0, sizeof(bi.loader_name)));
    for (unsigned int i = 0; i < bi.nr_mem; i++) {
        assert_true(bi.mem[i].size != 0);
        assert_true(bi.mem[i].start + bi.mem[i].size > bi.mem[i].start);
        assert_true(bi.mem[i].type >= MEM_RAM && bi.mem[i].type <= MEM_BAD);
    }
    for (unsigned int i = 0; i < bi.nr_mods; i++)
        assert_non_null(memchr(bi.mods[i].cmdline, 0, sizeof(bi.mods[i].cmdline)));
}

/* One mutation of m: byte flips, a rewritten size field, or truncation. */
static size_t mutate(struct mbi *m, size_t total)
{
    if (total < 16)
        return total;
    switch (rng() % 4) {
    case 0:                                     /* flip a few random bytes */
        for (unsigned int n = 1 + rng() % 4; n; n--)
            m->buf[rng() % total] = (u8)rng();
        return total;
    case 1:                                     /* a random u32 on a 4-byte boundary */
        mbi_set_u32(m, 4 * (rng() % (total / 4)), rng() % 2 ? rng() : rng() % 64);
        return total;
    case 2:                                     /* truncate, total_size kept */
        return 1 + rng() % total;
    default: {                                  /* truncate and shrink total_size */
        size_t cut = 16 + rng() % (total - 15);
        mbi_set_u32(m, 0, (u32)cut);
        return cut;
    }
    }
}

static void fuzz(void (*build)(struct mbi *), u64 seed, unsigned int iterations)
{
    static struct mbi work;
    unsigned int ok = 0;

    rng_state = seed;
    build(&mb);
    for (unsigned int i = 0; i < iterations; i++) {
        size_t avail = mb.len;
        int rc;

        memcpy(work.buf, mb.buf, mb.len);
        for (unsigned int k = 1 + rng() % 3; k; k--)
            avail = mutate(&work, avail);
        unit_log_reset();
        rc = mbi_parse_avail(&work, avail);
        if (rc != 0 && rc != -EINVAL)
            fail_msg("seed %#llx iteration %u: rc %d", (unsigned long long)seed, i, rc);
        if (rc == 0) {
            check_parsed_sane();
            ok++;
        }
    }
    /* The mutations must leave some MBIs parseable, or this tests little. */
    assert_true(ok > iterations / 20);
    assert_true(ok < iterations);
}

static void test_fuzz_bios(void **state)
{
    fuzz(build_bios, 0x1234567, 3000);
    fuzz(build_bios, 0xdeadbeefcafe, 3000);
}

static void test_fuzz_uefi(void **state)
{
    fuzz(build_uefi, 42, 3000);
    fuzz(build_uefi, 0x5eed5eed5eedULL, 3000);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_bios_like), T(test_uefi_like),
        T(test_uefi_desc_size_stride), T(test_modules),
        T(test_framebuffer_rgb), T(test_minimal),
        T(test_long_cmdline_truncated), T(test_total_size_too_small),
        T(test_total_size_beyond_avail), T(test_unaligned_pointer),
        T(test_tag_size_below_header), T(test_tag_runs_past_total),
        T(test_missing_end_tag), T(test_unterminated_cmdline),
        T(test_mmap_entry_size_too_small), T(test_mmap_partial_entry),
        T(test_too_many_regions), T(test_too_many_modules),
        T(test_module_end_before_start), T(test_wrapping_region),
        T(test_efi_region_too_large), T(test_efi_map_malformed_keeps_bios_map),
        T(test_rsdp_too_short), T(test_short_fixed_tags),
        T(test_fuzz_bios), T(test_fuzz_uefi),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
