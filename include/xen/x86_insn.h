/*
 * Decoder for the x86 instructions guests use on device registers (MMIO):
 * MOV between a register or an immediate and memory, MOVZX and MOVSX from
 * memory. Pure code over a byte buffer (arch/x86/mmio_decode.c): no guest
 * state, no asm/ headers, so it runs in host unit tests.
 */
#ifndef XEN_X86_INSN_H
#define XEN_X86_INSN_H

#include <xen/compiler.h>
#include <xen/types.h>

#define X86_INSN_MAX_LEN 15         /* longer is #GP (SDM Vol. 2A §2.3.11) */

/* The code segment's default sizes: CS.L / CS.D (SDM Vol. 3A §5.2.1). */
enum x86_insn_mode {
    X86_MODE_16,                    /* real mode, or a 16-bit code segment */
    X86_MODE_32,                    /* protected mode, CS.D = 1 */
    X86_MODE_64,                    /* IA-32e mode, CS.L = 1 */
};

/* Where a store's data comes from (reads always target a register). */
enum mmio_operand {
    MMIO_OPND_REG,
    MMIO_OPND_IMM,
};

/* How a read's memory value becomes the destination register's value. */
enum mmio_ext {
    MMIO_EXT_NONE,                  /* MOV: same width */
    MMIO_EXT_ZERO,                  /* MOVZX */
    MMIO_EXT_SIGN,                  /* MOVSX */
};

/*
 * One decoded memory access. Register numbers are the SDM's (0 RAX,
 * 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15).
 */
struct mmio_insn {
    bool write;                     /* memory is the destination */
    unsigned int size;              /* bytes of memory accessed: 1, 2, 4, 8 */
    enum mmio_operand src;          /* write: register or immediate */
    unsigned int reg;               /* the register operand (source or destination) */
    bool high8;                     /* byte register AH/CH/DH/BH: bits 15:8 of reg 0-3 */
    u64 imm;                        /* MMIO_OPND_IMM: the value, sign-extended to size */
    enum mmio_ext ext;              /* read: MOV, MOVZX or MOVSX */
    unsigned int dst_size;          /* read: width of the register written, bytes */
    unsigned int length;            /* instruction length, prefixes included */
    bool rip_relative;              /* memory operand is [RIP + disp32] */
    const char *why;                /* on failure: what could not be decoded */
};

/*
 * Decode the instruction at bytes[0..avail) executed in mode.
 * Returns 0 and fills *insn, or a negative errno with insn->why set:
 * -ENODATA the bytes end mid-instruction (avail too small),
 * -ENOSYS  an opcode outside the supported set (or a register operand),
 * -EINVAL  a prefix this instruction may not carry (LOCK, REP), or over 15 bytes.
 * Any context; the caller decides what to do with the guest.
 */
int __must_check x86_insn_decode_mmio(const u8 *bytes, unsigned int avail,
                                      enum x86_insn_mode mode, struct mmio_insn *insn);

/*
 * The data a decoded store writes: the immediate, or the low insn->size
 * bytes of the source register's value reg (bits 15:8 for AH..BH).
 */
u64 x86_insn_store_value(const struct mmio_insn *insn, u64 reg);

/*
 * The destination register's new value after a decoded load of val (the
 * insn->size bytes read): extended per insn->ext, then merged into old
 * by width: 8/16-bit destinations (and AH..BH) keep the other bits, a
 * 32-bit destination clears bits 63:32 (SDM Vol. 1 §3.4.1.1).
 */
u64 x86_insn_load_result(const struct mmio_insn *insn, u64 old, u64 val);

#endif /* XEN_X86_INSN_H */
