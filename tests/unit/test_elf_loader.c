/*
 * Host tests for the PVH ELF loader (xen/elf_loader.c): a small valid
 * image built here, one corruption per check, and a seeded fuzz loop over
 * exactly-sized copies so ASan flags any read outside the image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <public/elfnote.h>
#include <xen/elf.h>
#include <xen/elf_loader.h>
#include <xen/errno.h>
#include "unit_stubs.h"

/* Test image layout (file offsets). */
#define IMG_PHOFF 0x40
#define IMG_NOTES 0x100
#define IMG_TEXT 0x200
#define IMG_TEXT_SZ 0x100
#define IMG_DATA 0x300
#define IMG_DATA_SZ 0x80
#define IMG_SIZE 0x380
#define TEXT_GPA 0x100000ULL
#define DATA_GPA 0x200000ULL
#define DATA_MEMSZ 0x1000ULL
#define ENTRY_GPA (TEXT_GPA + 0x10)
#define GUEST_RAM 0x400000ULL

/* Offsets of the notes, so tests can corrupt them. */
static size_t note_gnu, note_os, note_ver, note_entry;

struct image {
    uint8_t b[IMG_SIZE];
};

static Elf64_Ehdr *ehdr(struct image *im) { return (Elf64_Ehdr *)im->b; }
static Elf64_Phdr *phdr(struct image *im, int i)
{
    return (Elf64_Phdr *)(im->b + IMG_PHOFF) + i;
}
static Elf64_Nhdr *nhdr(struct image *im, size_t off) { return (Elf64_Nhdr *)(im->b + off); }

static size_t put_note(struct image *im, size_t off, const char *name, uint32_t type,
                       const void *desc, uint32_t descsz)
{
    Elf64_Nhdr nh = { (uint32_t)strlen(name) + 1, descsz, type };

    memcpy(im->b + off, &nh, sizeof(nh));
    off += sizeof(nh);
    memcpy(im->b + off, name, nh.n_namesz);
    off += (nh.n_namesz + 3) & ~3u;
    memcpy(im->b + off, desc, descsz);
    return off + ((descsz + 3) & ~3u);
}

static void put_phdr(struct image *im, int i, uint32_t type, uint64_t off, uint64_t gpa,
                     uint64_t filesz, uint64_t memsz)
{
    Elf64_Phdr ph = { .p_type = type, .p_flags = 5, .p_offset = off, .p_vaddr = gpa,
                      .p_paddr = gpa, .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
    *phdr(im, i) = ph;
}

/* A PVH kernel as a linker would produce it: 2 PT_LOAD and a PT_NOTE. */
static size_t build_notes(struct image *im)
{
    uint32_t entry = (uint32_t)ENTRY_GPA;
    size_t off = IMG_NOTES;

    note_gnu = off;
    off = put_note(im, off, "GNU", XEN_ELFNOTE_PHYS32_ENTRY, "\1\2\3\4", 4); /* not Xen's */
    note_os = off;
    off = put_note(im, off, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 6);
    note_ver = off;
    off = put_note(im, off, "Xen", XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
    note_entry = off;
    return put_note(im, off, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4);
}

static void build_image(struct image *im)
{
    Elf64_Ehdr *eh = ehdr(im);
    size_t notes_end;

    memset(im, 0, sizeof(*im));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC, eh->e_machine = EM_X86_64, eh->e_version = EV_CURRENT;
    eh->e_entry = 0xffffffff81000000ULL;    /* the 64-bit ELF entry is ignored */
    eh->e_phoff = IMG_PHOFF, eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(Elf64_Phdr), eh->e_phnum = 3;
    notes_end = build_notes(im);
    assert_true(notes_end <= IMG_TEXT);
    put_phdr(im, 0, PT_LOAD, IMG_TEXT, TEXT_GPA, IMG_TEXT_SZ, IMG_TEXT_SZ);
    put_phdr(im, 1, PT_LOAD, IMG_DATA, DATA_GPA, IMG_DATA_SZ, DATA_MEMSZ);
    put_phdr(im, 2, PT_NOTE, IMG_NOTES, 0, notes_end - IMG_NOTES, notes_end - IMG_NOTES);
    for (int i = 0; i < IMG_TEXT_SZ + IMG_DATA_SZ; i++)
        im->b[IMG_TEXT + i] = (uint8_t)(i * 7 + 1);
}

/* ---- fake guest RAM ---- */

struct fake_ram {
    uint8_t *mem;
    uint64_t size;
    int copies, zeroes;
    int fail_rc;        /* returned by the next call if nonzero */
};

static int fake_copy(void *ctx, uint64_t gpa, const void *src, uint64_t len)
{
    struct fake_ram *r = ctx;

    assert_true(gpa <= r->size && len <= r->size - gpa);
    if (r->fail_rc)
        return r->fail_rc;
    memcpy(r->mem + gpa, src, len);
    r->copies++;
    return 0;
}

static int fake_zero(void *ctx, uint64_t gpa, uint64_t len)
{
    struct fake_ram *r = ctx;

    assert_true(gpa <= r->size && len <= r->size - gpa);
    memset(r->mem + gpa, 0, len);
    r->zeroes++;
    return 0;
}

static struct fake_ram ram;
static struct image img;

static int setup(void **state)
{
    unit_log_reset();
    build_image(&img);
    ram.size = GUEST_RAM;
    ram.mem = malloc(GUEST_RAM);
    memset(ram.mem, 0xaa, GUEST_RAM);
    ram.copies = ram.zeroes = ram.fail_rc = 0;
    return 0;
}

static int teardown(void **state)
{
    free(ram.mem);
    return 0;
}

/* Parse img (exact size copy so ASan sees overreads); returns rc. */
static int parse_sized(const struct image *im, size_t size, struct elf_info *info)
{
    uint8_t *copy = malloc(size ? size : 1);
    int rc;

    memcpy(copy, im->b, size);
    rc = elf_parse(copy, size, GUEST_RAM, info);
    free(copy);
    return rc;
}

static void expect_fail(int err, const char *msg_part)
{
    struct elf_info info;

    assert_int_equal(parse_sized(&img, sizeof(img), &info), err);
    if (!strstr(info.error, msg_part))
        fail_msg("error \"%s\" lacks \"%s\"", info.error, msg_part);
}

static void test_valid_image_parses(void **state)
{
    struct elf_info info;

    assert_int_equal(elf_parse(img.b, sizeof(img), GUEST_RAM, &info), 0);
    assert_int_equal(info.entry, ENTRY_GPA);
    assert_int_equal(info.low_gpa, TEXT_GPA);
    assert_int_equal(info.high_gpa, DATA_GPA + DATA_MEMSZ);
    assert_int_equal(info.nr_load, 2);
    assert_string_equal(info.guest_os, "linux");
    assert_string_equal(info.xen_version, "xen-3.0");
    assert_false(info.phys32_reloc);
    assert_string_equal(info.error, "");
}

static void test_valid_image_loads(void **state)
{
    struct elf_guest_ops ops = { &ram, fake_copy, fake_zero };
    struct elf_info info;

    assert_int_equal(elf_parse(img.b, sizeof(img), GUEST_RAM, &info), 0);
    assert_int_equal(elf_load(&info, &ops), 0);
    assert_int_equal(ram.copies, 2);
    assert_int_equal(ram.zeroes, 1);    /* only the data segment has bss */
    assert_memory_equal(ram.mem + TEXT_GPA, img.b + IMG_TEXT, IMG_TEXT_SZ);
    assert_memory_equal(ram.mem + DATA_GPA, img.b + IMG_DATA, IMG_DATA_SZ);
    for (uint64_t a = DATA_GPA + IMG_DATA_SZ; a < DATA_GPA + DATA_MEMSZ; a++)
        assert_int_equal(ram.mem[a], 0);
    /* Nothing written outside the segments. */
    assert_int_equal(ram.mem[TEXT_GPA - 1], 0xaa);
    assert_int_equal(ram.mem[TEXT_GPA + IMG_TEXT_SZ], 0xaa);
    assert_int_equal(ram.mem[DATA_GPA + DATA_MEMSZ], 0xaa);
}

static void test_load_callback_error_propagates(void **state)
{
    struct elf_guest_ops ops = { &ram, fake_copy, fake_zero };
    struct elf_info info;

    assert_int_equal(elf_parse(img.b, sizeof(img), GUEST_RAM, &info), 0);
    ram.fail_rc = -EFAULT;
    assert_int_equal(elf_load(&info, &ops), -EFAULT);
    assert_non_null(strstr(info.error, "copying program header 0 to guest [0x100000, 0x100100) failed"));
}

static void test_bad_ident(void **state)
{
    img.b[1] = 'e';
    expect_fail(-ENOEXEC, "bad magic");
    build_image(&img);
    img.b[EI_CLASS] = ELFCLASS32;
    expect_fail(-ENOEXEC, "ELF class 1 is not ELFCLASS64");
    build_image(&img);
    img.b[EI_DATA] = 2;
    expect_fail(-ENOEXEC, "not little endian");
}

static void test_bad_header_fields(void **state)
{
    ehdr(&img)->e_machine = EM_386;
    expect_fail(-ENOEXEC, "ELF machine 3 is not x86-64");
    build_image(&img);
    ehdr(&img)->e_type = ET_DYN;
    expect_fail(-ENOEXEC, "ELF type 3 is not ET_EXEC");
    build_image(&img);
    ehdr(&img)->e_phentsize = 32;
    expect_fail(-ENOEXEC, "program header size 32 is not 56");
}

static void test_file_too_small(void **state)
{
    struct elf_info info;

    assert_int_equal(parse_sized(&img, 63, &info), -ENOEXEC);
    assert_non_null(strstr(info.error, "too small"));
    assert_int_equal(parse_sized(&img, 0, &info), -ENOEXEC);
}

static void test_phdr_table_bounds(void **state)
{
    ehdr(&img)->e_phoff = IMG_SIZE;
    expect_fail(-ENOEXEC, "program header table (offset 0x380, 3 entries) extends beyond the file");
    ehdr(&img)->e_phoff = ~0ULL - 8;        /* e_phoff + table size wraps */
    expect_fail(-ENOEXEC, "extends beyond the file");
    build_image(&img);
    ehdr(&img)->e_phnum = 0xffff;
    expect_fail(-ENOEXEC, "65535 program headers");
    ehdr(&img)->e_phnum = 16;               /* allowed count, table too big */
    expect_fail(-ENOEXEC, "16 entries) extends beyond the file");
    ehdr(&img)->e_phnum = 0;
    expect_fail(-ENOEXEC, "0 program headers");
}

static void test_segment_file_range(void **state)
{
    phdr(&img, 0)->p_offset = ~0ULL - 0x10;   /* offset + filesz wraps */
    expect_fail(-ENOEXEC, "program header 0 extends beyond the file (offset 0xffffffffffffffef size 0x100, file 0x380)");
    build_image(&img);
    phdr(&img, 1)->p_filesz = IMG_SIZE - IMG_DATA + 1;
    expect_fail(-ENOEXEC, "program header 1 extends beyond the file");
    build_image(&img);
    phdr(&img, 1)->p_filesz = 0x100;            /* inside the file, but > p_memsz */
    phdr(&img, 1)->p_offset = 0;
    phdr(&img, 1)->p_memsz = 0xff;
    expect_fail(-ENOEXEC, "program header 1: file size 0x100 exceeds memory size 0xff");
}

static void test_segment_guest_range(void **state)
{
    phdr(&img, 1)->p_paddr = GUEST_RAM - 0x800;
    expect_fail(-ENOMEM, "program header 1: [0x3ff800, 0x400800) does not fit in guest RAM (0x400000 bytes)");
    phdr(&img, 1)->p_paddr = ~0ULL - 0xff;
    expect_fail(-ENOEXEC, "wraps around");
}

static void test_segments_overlap(void **state)
{
    phdr(&img, 1)->p_paddr = TEXT_GPA + IMG_TEXT_SZ - 1;
    expect_fail(-ENOEXEC, "program headers 0 and 1 overlap");
    phdr(&img, 1)->p_paddr = TEXT_GPA + IMG_TEXT_SZ;    /* adjacent is fine */
    struct elf_info info;
    assert_int_equal(parse_sized(&img, sizeof(img), &info), 0);
}

static void test_note_bounds(void **state)
{
    nhdr(&img, note_os)->n_namesz = 0x1000;
    expect_fail(-ENOEXEC, "note at offset 0x14 (namesz 4096 descsz 6) runs past the segment");
    build_image(&img);
    nhdr(&img, note_entry)->n_descsz = 0xffffffff;
    expect_fail(-ENOEXEC, "runs past the segment");
    build_image(&img);
    phdr(&img, 2)->p_filesz = IMG_SIZE;         /* PT_NOTE beyond the file */
    expect_fail(-ENOEXEC, "program header 2 extends beyond the file");
}

static void test_no_phys32_entry(void **state)
{
    nhdr(&img, note_entry)->n_type = XEN_ELFNOTE_ENTRY;     /* PV-only note */
    expect_fail(-ENOEXEC, "no XEN_ELFNOTE_PHYS32_ENTRY: not a PVH kernel");
    /* The "GNU" note with type 18 must not have counted either. */
}

static void test_phys32_entry_checks(void **state)
{
    nhdr(&img, note_entry)->n_descsz = 2;
    expect_fail(-ENOEXEC, "XEN_ELFNOTE_PHYS32_ENTRY note has 2 bytes");
    build_image(&img);
    uint32_t bad = (uint32_t)(DATA_GPA + IMG_DATA_SZ);      /* in bss */
    memcpy(img.b + note_entry + sizeof(Elf64_Nhdr) + 4, &bad, 4);
    expect_fail(-ENOEXEC, "PVH entry 0x200080 is outside the loaded file contents");
}

static void test_phys32_reloc_and_strings(void **state)
{
    struct elf_info info;
    uint32_t reloc[3] = { 0x200000, 0x100000, 0xffffffff };

    /* Replace the GNU note by a PHYS32_RELOC note of the same size. */
    put_note(&img, note_gnu, "Xen", XEN_ELFNOTE_PHYS32_RELOC, reloc, 4);
    memcpy(img.b + note_os + 16, "li\x01ux", 6);      /* unprintable byte */
    assert_int_equal(parse_sized(&img, sizeof(img), &info), 0);
    assert_true(info.phys32_reloc);
    assert_string_equal(info.guest_os, "li?ux");
}

/* ---- fuzz ---- */

static void fuzz_mutate(uint8_t *b, size_t size)
{
    static const uint64_t interesting[] = { 0, 1, 0x7f, 0xff, 0xffff, 0xffffffff,
                                            0x100000000ULL, ~0ULL, ~0ULL - 7, IMG_SIZE };
    size_t off = (size_t)rand() % size;

    switch (rand() % 3) {
    case 0: b[off] = (uint8_t)rand(); break;
    case 1: b[off] ^= (uint8_t)(1u << (rand() % 8)); break;
    default: {
        uint64_t v = interesting[(size_t)rand() % (sizeof(interesting) / sizeof(interesting[0]))];
        size_t n = (size_t)1 << (rand() % 4);
        memcpy(b + off, &v, n <= size - off ? n : size - off);
    }
    }
}

/* Mutations favour the headers and notes, where all the parsing happens. */
static void test_fuzz(void **state)
{
    struct elf_guest_ops ops = { &ram, fake_copy, fake_zero };
    unsigned int accepted = 0;

    srand(12345);
    for (int iter = 0; iter < 50000; iter++) {
        size_t size = rand() % 8 ? IMG_SIZE : (size_t)rand() % (IMG_SIZE + 1);
        size_t hot = size < IMG_TEXT ? size : IMG_TEXT;
        uint8_t *b = malloc(size ? size : 1);
        struct elf_info info;

        memcpy(b, img.b, size);
        for (int m = 1 + rand() % 4; m > 0 && size; m--)
            fuzz_mutate(b, rand() % 4 && hot ? hot : size);
        if (elf_parse(b, size, GUEST_RAM, &info) == 0) {
            accepted++;
            assert_true(info.entry >= info.low_gpa && info.entry < info.high_gpa);
            assert_true(info.high_gpa <= GUEST_RAM);
            assert_int_equal(elf_load(&info, &ops), 0);
        } else {
            assert_true(info.error[0] != '\0');
        }
        free(b);
    }
    /* Some mutations are harmless (padding, e_entry): the loop did run. */
    assert_true(accepted > 0);
    print_message("fuzz: %u of 50000 mutated images accepted\n", accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_image_parses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_valid_image_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_callback_error_propagates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ident, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_header_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_too_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phdr_table_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_segment_file_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_segment_guest_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_segments_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_phys32_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phys32_entry_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phys32_reloc_and_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
