/*
 * Host tests for the MMIO instruction decoder (arch/x86/mmio_decode.c).
 * Encodings were written from the SDM (Vol. 2A §2.1-2.2, Vol. 2B MOV/
 * MOVZX/MOVSX) and cross-checked with GNU as: the "as" string of each row
 * assembles (--64, --32 or .code16) to exactly its bytes; rows marked
 * "hand" are encodings as never emits. Then the data side: the value a
 * store sends and the register a load leaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/x86_insn.h>
#include "unit_stubs.h"

#define BYTES(...) .bytes = { __VA_ARGS__ }, .n = sizeof((u8[]){ __VA_ARGS__ })
#define M64 .mode = X86_MODE_64
#define M32 .mode = X86_MODE_32
#define M16 .mode = X86_MODE_16
#define RD(reg_, size_, dst_) .write = false, .reg = (reg_), .size = (size_), .dst_size = (dst_)
#define WR(reg_, size_) .write = true, .reg = (reg_), .size = (size_)
#define WIMM(size_, imm_) .write = true, .size = (size_), .src = MMIO_OPND_IMM, .imm = (imm_)

struct good_case {
    enum x86_insn_mode mode;
    const char *as;
    u8 bytes[X86_INSN_MAX_LEN];
    unsigned int n;             /* also the expected length */
    bool write;
    unsigned int size, reg, dst_size;
    enum mmio_operand src;
    bool high8, rip_relative;
    u64 imm;
    enum mmio_ext ext;
};

static const struct good_case good[] = {
    /* MOV r/m, r and REX.W / REX.R */
    { M64, "mov %eax,(%rdi)", BYTES(0x89, 0x07), WR(0, 4) },
    { M64, "mov %rax,(%rdi)", BYTES(0x48, 0x89, 0x07), WR(0, 8) },
    { M64, "mov %r9,(%rdi)", BYTES(0x4c, 0x89, 0x0f), WR(9, 8) },
    { M64, "mov %r15d,(%rbx)", BYTES(0x44, 0x89, 0x3b), WR(15, 4) },
    { M64, "mov %ax,(%rdi)", BYTES(0x66, 0x89, 0x07), WR(0, 2) },
    { M64, "mov %r11w,0x10(%rdi)", BYTES(0x66, 0x44, 0x89, 0x5f, 0x10), WR(11, 2) },
    /* MOV r, r/m and REX.B on the base */
    { M64, "mov (%r8),%ecx", BYTES(0x41, 0x8b, 0x08), RD(1, 4, 4) },
    { M64, "mov (%rdi),%r13", BYTES(0x4c, 0x8b, 0x2f), RD(13, 8, 8) },
    { M64, "mov (%rsi),%dx", BYTES(0x66, 0x8b, 0x16), RD(2, 2, 2) },
    /* byte registers: AH..BH without REX, SPL..DIL and R8B.. with one */
    { M64, "mov %ah,(%rdi)", BYTES(0x88, 0x27), WR(0, 1), .high8 = true },
    { M64, "mov %spl,(%rdi)", BYTES(0x40, 0x88, 0x27), WR(4, 1) },
    { M64, "mov %bl,(%rdi)", BYTES(0x88, 0x1f), WR(3, 1) },
    { M64, "mov (%rdi),%bh", BYTES(0x8a, 0x3f), RD(3, 1, 1), .high8 = true },
    { M64, "mov (%rdi),%ch", BYTES(0x8a, 0x2f), RD(1, 1, 1), .high8 = true },
    { M64, "mov (%rdi),%dil", BYTES(0x40, 0x8a, 0x3f), RD(7, 1, 1) },
    { M64, "mov (%rdi),%r10b", BYTES(0x44, 0x8a, 0x17), RD(10, 1, 1) },
    { M64, "hand: mov (%r12),%dh (as refuses DH with REX: it is SIL)", BYTES(0x41, 0x8a, 0x34, 0x24), RD(6, 1, 1) },  /* any REX: DH is SIL */
    /* ModRM/SIB/displacement forms */
    { M64, "mov %eax,0x12345678(%rdi)", BYTES(0x89, 0x87, 0x78, 0x56, 0x34, 0x12), WR(0, 4) },
    { M64, "mov %edx,(%rax,%rcx,4)", BYTES(0x89, 0x14, 0x88), WR(2, 4) },
    { M64, "mov %esi,0x8(%r8,%r9,8)", BYTES(0x43, 0x89, 0x74, 0xc8, 0x08), WR(6, 4) },
    { M64, "mov %eax,0x12345678(,%rcx,1)", BYTES(0x89, 0x04, 0x0d, 0x78, 0x56, 0x34, 0x12), WR(0, 4) },
    { M64, "mov %eax,0x10(%rbp)", BYTES(0x89, 0x45, 0x10), WR(0, 4) },
    { M64, "mov %eax,(%r13)", BYTES(0x41, 0x89, 0x45, 0x00), WR(0, 4) },
    { M64, "mov %eax,(%rsp)", BYTES(0x89, 0x04, 0x24), WR(0, 4) },
    { M64, "mov %eax,0x100(%rip)", BYTES(0x89, 0x05, 0x00, 0x01, 0x00, 0x00), WR(0, 4),
      .rip_relative = true },
    /* prefixes that change nothing we care about, or the address size */
    { M64, "mov %eax,%fs:(%rdi)", BYTES(0x64, 0x89, 0x07), WR(0, 4) },
    { M64, "mov %eax,(%edi)", BYTES(0x67, 0x89, 0x07), WR(0, 4) },
    { M64, "hand: REX before 66 is ignored", BYTES(0x48, 0x66, 0x89, 0x07), WR(0, 2) },
    { M64, "hand: 13 prefixes, 15 bytes", BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                               0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x07), WR(0, 2) },
    /* immediates: imm8/16/32, sign-extended for REX.W, after the displacement */
    { M64, "movb $0x5a,(%rdi)", BYTES(0xc6, 0x07, 0x5a), WIMM(1, 0x5a) },
    { M64, "movb $0x80,0x1(%rdi)", BYTES(0xc6, 0x47, 0x01, 0x80), WIMM(1, 0x80) },
    { M64, "movw $0xbeef,(%rdi)", BYTES(0x66, 0xc7, 0x07, 0xef, 0xbe), WIMM(2, 0xbeef) },
    { M64, "movl $0x89abcdef,(%rdi)", BYTES(0xc7, 0x07, 0xef, 0xcd, 0xab, 0x89), WIMM(4, 0x89abcdef) },
    { M64, "movq $-2,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff),
      WIMM(8, 0xfffffffffffffffeULL) },
    { M64, "movq $0x7fffffff,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0x7f), WIMM(8, 0x7fffffff) },
    { M64, "movl $1,0x10(%rip)", BYTES(0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00),
      WIMM(4, 1), .rip_relative = true },
    { M64, "movq $-1,0x8(%r8,%r9,8)", BYTES(0x4b, 0xc7, 0x44, 0xc8, 0x08, 0xff, 0xff, 0xff, 0xff),
      WIMM(8, ~0ULL) },
    /* MOVZX / MOVSX: a byte/word of memory into a full register (never AH..BH) */
    { M64, "movzbl (%rdi),%eax", BYTES(0x0f, 0xb6, 0x07), RD(0, 1, 4), .ext = MMIO_EXT_ZERO },
    { M64, "movzbl (%rdi),%esp", BYTES(0x0f, 0xb6, 0x27), RD(4, 1, 4), .ext = MMIO_EXT_ZERO },
    { M64, "movzwq (%rsi),%r12", BYTES(0x4c, 0x0f, 0xb7, 0x26), RD(12, 2, 8), .ext = MMIO_EXT_ZERO },
    { M64, "movsbw (%rdi),%cx", BYTES(0x66, 0x0f, 0xbe, 0x0f), RD(1, 1, 2), .ext = MMIO_EXT_SIGN },
    { M64, "movswl 0x4(%rdi),%ebx", BYTES(0x0f, 0xbf, 0x5f, 0x04), RD(3, 2, 4), .ext = MMIO_EXT_SIGN },
    { M64, "movsbq (%rdi),%r8", BYTES(0x4c, 0x0f, 0xbe, 0x07), RD(8, 1, 8), .ext = MMIO_EXT_SIGN },
    /* MOV with moffs: 8-byte address in 64-bit mode */
    { M64, "movabs %eax,0xfeb00000", BYTES(0xa3, 0x00, 0x00, 0xb0, 0xfe, 0x00, 0x00, 0x00, 0x00), WR(0, 4) },
    { M64, "movabs 0xfeb00008,%al", BYTES(0xa0, 0x08, 0x00, 0xb0, 0xfe, 0x00, 0x00, 0x00, 0x00), RD(0, 1, 1) },
    { M64, "movabs 0xfeb00008,%rax", BYTES(0x48, 0xa1, 0x08, 0x00, 0xb0, 0xfe, 0x00, 0x00, 0x00, 0x00),
      RD(0, 8, 8) },
    /* 32-bit mode: disp32 without base is absolute, not RIP-relative */
    { M32, "mov %eax,(%edi)", BYTES(0x89, 0x07), WR(0, 4) },
    { M32, "mov %ecx,0xfeb00000", BYTES(0x89, 0x0d, 0x00, 0x00, 0xb0, 0xfe), WR(1, 4) },
    { M32, "mov %eax,0xfeb00000", BYTES(0xa3, 0x00, 0x00, 0xb0, 0xfe), WR(0, 4) },
    { M32, "mov %ax,(%ebx)", BYTES(0x66, 0x89, 0x03), WR(0, 2) },
    { M32, "movzbl (%eax),%ecx", BYTES(0x0f, 0xb6, 0x08), RD(1, 1, 4), .ext = MMIO_EXT_ZERO },
    { M32, "mov (%esi),%dh", BYTES(0x8a, 0x36), RD(2, 1, 1), .high8 = true },
    { M32, "movl $0x12345678,0x4(%esi,%edi,2)", BYTES(0xc7, 0x44, 0x7e, 0x04, 0x78, 0x56, 0x34, 0x12),
      WIMM(4, 0x12345678) },
    /* 16-bit addressing (0x67 in 32-bit mode, default in 16-bit mode) */
    { M32, "mov %eax,0x10(%bx,%si)", BYTES(0x67, 0x89, 0x40, 0x10), WR(0, 4) },
    { M32, "hand: mov %eax,[0x1234] by ModRM, 16-bit address (as picks A3)", BYTES(0x67, 0x89, 0x06, 0x34, 0x12), WR(0, 4) },
    { M16, "mov %ax,(%bx)", BYTES(0x89, 0x07), WR(0, 2) },
    { M16, "mov %eax,(%bx)", BYTES(0x66, 0x89, 0x07), WR(0, 4) },
    { M16, "movw $0x1234,0x5678", BYTES(0xc7, 0x06, 0x78, 0x56, 0x34, 0x12), WIMM(2, 0x1234) },
    { M16, "mov 0x10(%bp),%al", BYTES(0x8a, 0x46, 0x10), RD(0, 1, 1) },
    { M16, "mov %eax,(%ecx) (addr32)", BYTES(0x67, 0x66, 0x89, 0x01), WR(0, 4) },
};

static void check_good(const struct good_case *c, unsigned int avail, const u8 *buf)
{
    struct mmio_insn insn;
    int rc = x86_insn_decode_mmio(buf, avail, c->mode, &insn);

    if (rc)
        fail_msg("%s: rc %d (%s)", c->as, rc, insn.why);
    if (insn.length != c->n || insn.write != c->write || insn.size != c->size ||
        insn.src != c->src || insn.high8 != c->high8 || insn.rip_relative != c->rip_relative ||
        insn.ext != c->ext)
        fail_msg("%s: length %u write %d size %u src %d high8 %d riprel %d ext %d", c->as,
                 insn.length, insn.write, insn.size, insn.src, insn.high8, insn.rip_relative,
                 insn.ext);
    if (c->src == MMIO_OPND_REG && insn.reg != c->reg)
        fail_msg("%s: reg %u, expected %u", c->as, insn.reg, c->reg);
    if (c->src == MMIO_OPND_IMM && insn.imm != c->imm)
        fail_msg("%s: imm %#llx, expected %#llx", c->as, (unsigned long long)insn.imm,
                 (unsigned long long)c->imm);
    if (!c->write && insn.dst_size != c->dst_size)
        fail_msg("%s: dst_size %u, expected %u", c->as, insn.dst_size, c->dst_size);
}

/* Each row decodes to its fields, with exactly its bytes or with more after them. */
static void test_good_encodings(void **state)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(good); i++) {
        u8 padded[X86_INSN_MAX_LEN];

        check_good(&good[i], good[i].n, good[i].bytes);
        memset(padded, 0xcc, sizeof(padded));
        memcpy(padded, good[i].bytes, good[i].n);
        check_good(&good[i], sizeof(padded), padded);
    }
}

/* Every proper prefix of every good encoding is "ends early", never a misdecode. */
static void test_truncated_encodings(void **state)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(good); i++)
        for (unsigned int n = 0; n < good[i].n; n++) {
            struct mmio_insn insn;
            int rc = x86_insn_decode_mmio(good[i].bytes, n, good[i].mode, &insn);

            if (rc != -ENODATA)
                fail_msg("%s cut to %u bytes: rc %d, expected -ENODATA", good[i].as, n, rc);
            assert_non_null(insn.why);
        }
}

struct bad_case {
    enum x86_insn_mode mode;
    const char *what;
    u8 bytes[16];
    unsigned int n;
    int rc;
};

static const struct bad_case bad[] = {
    { M64, "add %eax,(%rdi)", BYTES(0x01, 0x07), -ENOSYS },
    { M64, "ud2", BYTES(0x0f, 0x0b), -ENOSYS },
    { M64, "movnti %eax,(%rdi)", BYTES(0x0f, 0xc3, 0x07), -ENOSYS },
    { M64, "vmovdqu (%rdi),%ymm0 (VEX)", BYTES(0xc5, 0xfe, 0x6f, 0x07), -ENOSYS },
    { M64, "movsl (string move)", BYTES(0xa5), -ENOSYS },
    { M64, "mov %eax,%ecx (register form)", BYTES(0x89, 0xc1), -ENOSYS },
    { M64, "movzbl %al,%eax (register form)", BYTES(0x0f, 0xb6, 0xc0), -ENOSYS },
    { M64, "C7 /1 (undefined)", BYTES(0xc7, 0x0f, 0x01, 0x00, 0x00, 0x00), -ENOSYS },
    { M64, "xabort $1 (C6 F8)", BYTES(0xc6, 0xf8, 0x01), -ENOSYS },
    { M32, "inc %eax; mov ... (0x40 is not REX in 32-bit mode)", BYTES(0x40, 0x89, 0x07), -ENOSYS },
    { M64, "lock mov %eax,(%rdi)", BYTES(0xf0, 0x89, 0x07), -EINVAL },
    { M64, "rep mov %eax,(%rdi)", BYTES(0xf3, 0x89, 0x07), -EINVAL },
    { M64, "repne movb $1,(%rdi)", BYTES(0xf2, 0xc6, 0x07, 0x01), -EINVAL },
    { M64, "14 prefixes: 16 bytes", BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                          0x66, 0x66, 0x66, 0x66, 0x89, 0x07), -EINVAL },
    { M64, "15 prefixes, nothing else", BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                              0x66, 0x66, 0x66, 0x66, 0x66, 0x66), -EINVAL },
    { M64, "empty", .n = 0, -ENODATA },
    { M64, "only a REX", BYTES(0x48), -ENODATA },
    { M64, "0x0F alone", BYTES(0x0f), -ENODATA },
};

static void test_rejects(void **state)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        struct mmio_insn insn;
        int rc = x86_insn_decode_mmio(bad[i].bytes, bad[i].n, bad[i].mode, &insn);

        if (rc != bad[i].rc)
            fail_msg("%s: rc %d, expected %d", bad[i].what, rc, bad[i].rc);
        if (!insn.why || !insn.why[0])
            fail_msg("%s: no reason given", bad[i].what);
    }
}

/* The reason names the problem, for the crash message. */
static void test_reasons(void **state)
{
    struct mmio_insn insn;
    const u8 lock[] = { 0xf0, 0x89, 0x07 }, add[] = { 0x01, 0x07 };

    assert_int_equal(x86_insn_decode_mmio(lock, sizeof(lock), X86_MODE_64, &insn), -EINVAL);
    assert_non_null(strstr(insn.why, "LOCK"));
    assert_int_equal(x86_insn_decode_mmio(add, sizeof(add), X86_MODE_64, &insn), -ENOSYS);
    assert_non_null(strstr(insn.why, "MOV"));
}

/* Data semantics: what a store sends, and how a load lands in its register. */
struct data_case {
    const char *as;
    u8 bytes[8];
    unsigned int n;
    u64 reg;        /* store: source register; load: old destination value */
    u64 val;        /* load: what the device returned */
    u64 want;       /* store: the data written; load: the new register value */
};

static const struct data_case stores[] = {
    { "mov %eax,(%rdi)", BYTES(0x89, 0x07), 0x1122334455667788ULL, 0, 0x55667788 },
    { "mov %rax,(%rdi)", BYTES(0x48, 0x89, 0x07), 0x1122334455667788ULL, 0, 0x1122334455667788ULL },
    { "mov %ax,(%rdi)", BYTES(0x66, 0x89, 0x07), 0x1122334455667788ULL, 0, 0x7788 },
    { "mov %ah,(%rdi)", BYTES(0x88, 0x27), 0x1122334455665a88ULL, 0, 0x5a },
    { "mov %spl,(%rdi)", BYTES(0x40, 0x88, 0x27), 0x1122334455665aabULL, 0, 0xab },
    { "movq $-2,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff), 0x1234, 0,
      0xfffffffffffffffeULL },
};

static const struct data_case loads[] = {
    { "mov (%rdi),%r13", BYTES(0x4c, 0x8b, 0x2f), ~0ULL, 0x0102030405060708ULL, 0x0102030405060708ULL },
    { "mov (%r8),%ecx: bits 63:32 cleared", BYTES(0x41, 0x8b, 0x08), ~0ULL, 0xaabbccdd, 0xaabbccdd },
    { "mov (%rsi),%dx: bits 63:16 kept", BYTES(0x66, 0x8b, 0x16), ~0ULL, 0xbeef, 0xffffffffffffbeefULL },
    { "mov (%rdi),%bh", BYTES(0x8a, 0x3f), 0x1111111111111111ULL, 0x5a, 0x1111111111115a11ULL },
    { "mov (%rdi),%bh: device bits above the size ignored", BYTES(0x8a, 0x3f), 0, 0x1234, 0x3400 },
    { "mov (%rdi),%dil", BYTES(0x40, 0x8a, 0x3f), 0x2222222222222222ULL, 0x88, 0x2222222222222288ULL },
    { "movzbl (%rdi),%eax", BYTES(0x0f, 0xb6, 0x07), ~0ULL, 0xaa, 0xaa },
    { "movzwq (%rsi),%r12", BYTES(0x4c, 0x0f, 0xb7, 0x26), ~0ULL, 0xaabb, 0xaabb },
    { "movsbq (%rdi),%r8", BYTES(0x4c, 0x0f, 0xbe, 0x07), 0, 0xaa, 0xffffffffffffffaaULL },
    { "movsbq (%rdi),%r8: positive", BYTES(0x4c, 0x0f, 0xbe, 0x07), ~0ULL, 0x7f, 0x7f },
    { "movswl 0x4(%rdi),%ebx", BYTES(0x0f, 0xbf, 0x5f, 0x04), ~0ULL, 0xccdd, 0xffffccddULL },
    { "movsbw (%rdi),%cx", BYTES(0x66, 0x0f, 0xbe, 0x0f), 0x3333333333333333ULL, 0x88,
      0x333333333333ff88ULL },
};

static void decode_or_fail(const struct data_case *c, struct mmio_insn *insn)
{
    if (x86_insn_decode_mmio(c->bytes, c->n, X86_MODE_64, insn))
        fail_msg("%s: does not decode (%s)", c->as, insn->why);
}

static void test_store_values(void **state)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(stores); i++) {
        struct mmio_insn insn;
        u64 got;

        decode_or_fail(&stores[i], &insn);
        assert_true(insn.write);
        got = x86_insn_store_value(&insn, stores[i].reg);
        if (got != stores[i].want)
            fail_msg("%s: stores %#llx, expected %#llx", stores[i].as, (unsigned long long)got,
                     (unsigned long long)stores[i].want);
    }
}

static void test_load_results(void **state)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(loads); i++) {
        struct mmio_insn insn;
        u64 got;

        decode_or_fail(&loads[i], &insn);
        assert_false(insn.write);
        got = x86_insn_load_result(&insn, loads[i].reg, loads[i].val);
        if (got != loads[i].want)
            fail_msg("%s: register %#llx, expected %#llx", loads[i].as, (unsigned long long)got,
                     (unsigned long long)loads[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_encodings),
        cmocka_unit_test(test_truncated_encodings),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_store_values),
        cmocka_unit_test(test_load_results),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
