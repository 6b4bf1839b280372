/*
 * MMIO instruction decoder: legacy prefixes, REX, the opcode, ModRM/SIB/
 * displacement and an immediate, for the MOV/MOVZX/MOVSX forms listed in
 * opcode_table (encodings: Intel SDM Vol. 2A §2.1-2.2, Vol. 2B "MOV",
 * "MOVZX", "MOVSX"). The effective address is not computed: the exit
 * already reports the guest-physical address. Also the data semantics of
 * a decoded access (store value, load merge). Vendor-neutral, host-testable.
 */
#include <xen/errno.h>
#include <xen/x86_insn.h>

/* Opcode properties (opcode_table). */
#define OP_WRITE    0x01    /* memory is the destination */
#define OP_MEM8     0x02    /* memory operand is one byte */
#define OP_MEM16    0x04    /* memory operand is a word (MOVZX/MOVSX r, m16) */
#define OP_IMM      0x08    /* source is an immediate; ModRM.reg must be 0 */
#define OP_ZX       0x10    /* MOVZX */
#define OP_SX       0x20    /* MOVSX */
#define OP_MOFFS    0x40    /* no ModRM: an absolute address of address size, register rAX */

struct opcode_desc {
    bool two_byte;          /* after 0x0F */
    u8 opcode;
    u8 flags;
};

static const struct opcode_desc opcode_table[] = {
    { false, 0x88, OP_WRITE | OP_MEM8 },            /* MOV r/m8, r8 */
    { false, 0x89, OP_WRITE },                      /* MOV r/m, r */
    { false, 0x8a, OP_MEM8 },                       /* MOV r8, r/m8 */
    { false, 0x8b, 0 },                             /* MOV r, r/m */
    { false, 0xa0, OP_MOFFS | OP_MEM8 },            /* MOV AL, moffs8 */
    { false, 0xa1, OP_MOFFS },                      /* MOV rAX, moffs */
    { false, 0xa2, OP_MOFFS | OP_MEM8 | OP_WRITE }, /* MOV moffs8, AL */
    { false, 0xa3, OP_MOFFS | OP_WRITE },           /* MOV moffs, rAX */
    { false, 0xc6, OP_WRITE | OP_MEM8 | OP_IMM },   /* MOV r/m8, imm8 */
    { false, 0xc7, OP_WRITE | OP_IMM },             /* MOV r/m, imm16/32 */
    { true, 0xb6, OP_MEM8 | OP_ZX },                /* MOVZX r, r/m8 */
    { true, 0xb7, OP_MEM16 | OP_ZX },               /* MOVZX r, r/m16 */
    { true, 0xbe, OP_MEM8 | OP_SX },                /* MOVSX r, r/m8 */
    { true, 0xbf, OP_MEM16 | OP_SX },               /* MOVSX r, r/m16 */
};

/* Legacy prefixes (SDM Vol. 2A §2.1.1). */
enum prefix_kind { PFX_NONE, PFX_OPSIZE, PFX_ADDRSIZE, PFX_SEGMENT, PFX_LOCK, PFX_REP };

static const struct {
    u8 byte;
    u8 kind;
} prefix_table[] = {
    { 0x66, PFX_OPSIZE }, { 0x67, PFX_ADDRSIZE },
    { 0x26, PFX_SEGMENT }, { 0x2e, PFX_SEGMENT }, { 0x36, PFX_SEGMENT },
    { 0x3e, PFX_SEGMENT }, { 0x64, PFX_SEGMENT }, { 0x65, PFX_SEGMENT },
    { 0xf0, PFX_LOCK }, { 0xf2, PFX_REP }, { 0xf3, PFX_REP },
};

#define REX_B 0x01
#define REX_X 0x02
#define REX_R 0x04
#define REX_W 0x08

/* Decoding state over the byte buffer. */
struct decoder {
    const u8 *bytes;
    unsigned int avail, pos;
    enum x86_insn_mode mode;
    bool opsize_prefix, addrsize_prefix;
    u8 rex;                 /* 0 when there is none */
    struct mmio_insn *insn;
};

static int fail(struct decoder *dc, int rc, const char *why)
{
    dc->insn->why = why;
    return rc;
}

/* The next byte, with the 15-byte limit and the buffer's end checked. */
static int next_byte(struct decoder *dc, u8 *b)
{
    if (dc->pos >= X86_INSN_MAX_LEN)
        return fail(dc, -EINVAL, "longer than 15 bytes");
    if (dc->pos >= dc->avail)
        return fail(dc, -ENODATA, "instruction bytes end early");
    *b = dc->bytes[dc->pos++];
    return 0;
}

/* n bytes little-endian (displacement, immediate, moffs). */
static int read_le(struct decoder *dc, unsigned int n, u64 *val)
{
    *val = 0;
    for (unsigned int i = 0; i < n; i++) {
        u8 b;
        int rc = next_byte(dc, &b);

        if (rc)
            return rc;
        *val |= (u64)b << (8 * i);
    }
    return 0;
}

static enum prefix_kind prefix_kind(u8 b)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(prefix_table); i++)
        if (prefix_table[i].byte == b)
            return prefix_table[i].kind;
    return PFX_NONE;
}

/*
 * Consume prefixes; *op gets the first opcode byte. A REX only counts
 * directly before the opcode: one followed by a legacy prefix is ignored
 * (SDM Vol. 2A §2.2.1). 0x40-0x4F are INC/DEC outside 64-bit mode.
 */
static int decode_prefixes(struct decoder *dc, u8 *op)
{
    for (;;) {
        enum prefix_kind kind;
        int rc = next_byte(dc, op);

        if (rc)
            return rc;
        kind = prefix_kind(*op);
        if (kind == PFX_LOCK)
            return fail(dc, -EINVAL, "LOCK prefix on a MOV to/from MMIO");
        if (kind == PFX_REP)
            return fail(dc, -EINVAL, "REP/REPNE prefix on a MOV to/from MMIO");
        if (kind != PFX_NONE) {
            dc->opsize_prefix |= kind == PFX_OPSIZE;
            dc->addrsize_prefix |= kind == PFX_ADDRSIZE;
            dc->rex = 0;
            continue;       /* segment overrides: the exit gives the GPA */
        }
        if (dc->mode == X86_MODE_64 && (*op & 0xf0) == 0x40) {
            dc->rex = *op;
            continue;
        }
        return 0;
    }
}

static const struct opcode_desc *find_opcode(bool two_byte, u8 opcode)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(opcode_table); i++)
        if (opcode_table[i].two_byte == two_byte && opcode_table[i].opcode == opcode)
            return &opcode_table[i];
    return NULL;
}

/* Operand size in bytes: REX.W, else the mode's default toggled by 0x66. */
static unsigned int operand_size(const struct decoder *dc)
{
    bool default16 = dc->mode == X86_MODE_16;

    if (dc->rex & REX_W)
        return 8;
    return (default16 != dc->opsize_prefix) ? 2 : 4;
}

/* Address size in bytes: 64-bit mode toggles 8/4, the others 4/2 (SDM Vol. 1 §3.6). */
static unsigned int address_size(const struct decoder *dc)
{
    if (dc->mode == X86_MODE_64)
        return dc->addrsize_prefix ? 4 : 8;
    return ((dc->mode == X86_MODE_16) != dc->addrsize_prefix) ? 2 : 4;
}

/* Skip the SIB byte and displacement the ModRM byte calls for (SDM Vol. 2A tables 2-1..2-3). */
static int skip_address(struct decoder *dc, u8 modrm)
{
    unsigned int mod = modrm >> 6, rm = modrm & 7, disp;
    u64 ignored;

    if (address_size(dc) == 2) {        /* 16-bit forms: no SIB; [disp16] is mod 0, rm 6 */
        disp = mod == 1 ? 1 : (mod == 2 || (mod == 0 && rm == 6)) ? 2 : 0;
        return read_le(dc, disp, &ignored);
    }
    disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    if (rm == 4) {                      /* SIB follows; base 5 with mod 0 means disp32 */
        u8 sib;
        int rc = next_byte(dc, &sib);

        if (rc)
            return rc;
        if (mod == 0 && (sib & 7) == 5)
            disp = 4;
    } else if (mod == 0 && rm == 5) {   /* disp32: RIP-relative in 64-bit mode */
        disp = 4;
        dc->insn->rip_relative = dc->mode == X86_MODE_64;
    }
    return read_le(dc, disp, &ignored);
}

/* ModRM form: the register operand and the memory operand's address bytes. */
static int decode_modrm(struct decoder *dc, const struct opcode_desc *op)
{
    u8 modrm;
    int rc = next_byte(dc, &modrm);

    if (rc)
        return rc;
    if ((modrm >> 6) == 3)
        return fail(dc, -ENOSYS, "register operand where memory was expected");
    if ((op->flags & OP_IMM) && ((modrm >> 3) & 7))
        return fail(dc, -ENOSYS, "C6/C7 with ModRM.reg other than 0");
    dc->insn->reg = ((modrm >> 3) & 7) | ((dc->rex & REX_R) ? 8 : 0);
    return skip_address(dc, modrm);
}

/* Immediate: imm8 for bytes, imm16 for words, else imm32 sign-extended (SDM "MOV" C7). */
static int decode_immediate(struct decoder *dc)
{
    struct mmio_insn *insn = dc->insn;
    unsigned int n = insn->size > 4 ? 4 : insn->size;
    u64 imm, sign = 1ULL << (8 * n - 1);
    int rc = read_le(dc, n, &imm);

    if (rc)
        return rc;
    imm = (imm ^ sign) - sign;                  /* sign-extend to 64 bits */
    if (insn->size < 8)
        imm &= (1ULL << (8 * insn->size)) - 1;  /* then keep the access's width */
    insn->imm = imm;
    insn->src = MMIO_OPND_IMM;
    return 0;
}

/* Sizes, register naming and extension from the opcode's flags. */
static void set_operands(struct decoder *dc, const struct opcode_desc *op)
{
    struct mmio_insn *insn = dc->insn;
    bool byte_reg = (op->flags & OP_MEM8) && !(op->flags & (OP_ZX | OP_SX));

    insn->write = op->flags & OP_WRITE;
    insn->size = (op->flags & OP_MEM8) ? 1 : (op->flags & OP_MEM16) ? 2 : operand_size(dc);
    insn->ext = (op->flags & OP_ZX) ? MMIO_EXT_ZERO : (op->flags & OP_SX) ? MMIO_EXT_SIGN
                                                                         : MMIO_EXT_NONE;
    if (!insn->write)
        insn->dst_size = insn->ext == MMIO_EXT_NONE ? insn->size : operand_size(dc);
    /* Byte registers 4-7 are AH, CH, DH, BH unless any REX is present (SDM Vol. 2A §2.2.1.2). */
    if (byte_reg && !dc->rex && insn->reg >= 4 && insn->reg < 8) {
        insn->high8 = true;
        insn->reg -= 4;
    }
}

int x86_insn_decode_mmio(const u8 *bytes, unsigned int avail, enum x86_insn_mode mode,
                         struct mmio_insn *insn)
{
    struct decoder dc = { .bytes = bytes, .avail = avail, .mode = mode, .insn = insn };
    const struct opcode_desc *op;
    bool two_byte = false;
    u64 ignored;
    u8 opcode;
    int rc;

    *insn = (struct mmio_insn){ .src = MMIO_OPND_REG };
    rc = decode_prefixes(&dc, &opcode);
    if (!rc && opcode == 0x0f) {
        two_byte = true;
        rc = next_byte(&dc, &opcode);
    }
    if (rc)
        return rc;
    op = find_opcode(two_byte, opcode);
    if (!op)
        return fail(&dc, -ENOSYS, "not a MOV/MOVZX/MOVSX to or from memory");
    if (op->flags & OP_MOFFS)
        rc = read_le(&dc, address_size(&dc), &ignored);    /* register is rAX (0) */
    else
        rc = decode_modrm(&dc, op);
    if (rc)
        return rc;
    set_operands(&dc, op);
    if ((op->flags & OP_IMM) && (rc = decode_immediate(&dc)))
        return rc;
    insn->length = dc.pos;
    return 0;
}

static u64 size_mask(unsigned int size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

u64 x86_insn_store_value(const struct mmio_insn *insn, u64 reg)
{
    if (insn->src == MMIO_OPND_IMM)
        return insn->imm;
    return insn->high8 ? (reg >> 8) & 0xff : reg & size_mask(insn->size);
}

u64 x86_insn_load_result(const struct mmio_insn *insn, u64 old, u64 val)
{
    u64 sign = 1ULL << (8 * insn->size - 1), keep;

    val &= size_mask(insn->size);
    if (insn->ext == MMIO_EXT_SIGN)
        val = (val ^ sign) - sign;
    if (insn->high8)
        return (old & ~0xff00ULL) | ((val & 0xff) << 8);
    keep = insn->dst_size == 4 ? 0 : ~size_mask(insn->dst_size);
    return (old & keep) | (val & size_mask(insn->dst_size));
}
