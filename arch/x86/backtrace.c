/*
 * Backtraces: walk the frame-pointer chain (the hypervisor is built with
 * -fno-omit-frame-pointer and head.S starts __start_xen with RBP = 0) and
 * print each return address with its symbol. Runs in panic and exception
 * context, so it must never fault: it reads only this CPU's known stacks
 * and, to recognise call sites, the bytes of our own .text.
 */
#include <asm/backtrace.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/symbols.h>

#define BACKTRACE_MAX_DEPTH 32

extern char boot_stack_top[];           /* arch/x86/boot/head.S */

struct stack_range {
    u64 lo, hi;                         /* [lo, hi) */
};

/* One walk: the CPU's stacks and where the previous frame was. */
struct backtrace {
    struct stack_range stacks[1 + IST_COUNT];
    unsigned int nr_stacks;
    int prev_stack;
    u64 prev_fp;
    unsigned int depth;
};

/* The running CPU's stacks; before the per-CPU area exists, the boot stack. */
static void backtrace_init(struct backtrace *bt)
{
    const struct percpu *p = percpu_current();
    u64 top = p && p->stack_top ? (u64)p->stack_top : (u64)boot_stack_top;

    bt->nr_stacks = 0;
    bt->stacks[bt->nr_stacks++] = (struct stack_range){ top - CPU_STACK_SIZE, top };
    for (unsigned int i = 0; p && p->desc && i < IST_COUNT; i++) {
        u64 lo = (u64)p->desc->ist_stack[i];

        bt->stacks[bt->nr_stacks++] = (struct stack_range){ lo, lo + IST_STACK_SIZE };
    }
    bt->prev_stack = -1;
    bt->prev_fp = 0;
    bt->depth = 0;
}

/* Index of the stack holding [addr, addr + len), or -1 if addr is not
 * 8-byte aligned or not wholly inside one of this CPU's stacks. */
static int backtrace_stack_of(const struct backtrace *bt, u64 addr, u64 len)
{
    if (addr & 7)
        return -1;
    for (unsigned int i = 0; i < bt->nr_stacks; i++)
        if (addr >= bt->stacks[i].lo && addr <= bt->stacks[i].hi - len)
            return (int)i;
    return -1;
}

/*
 * A return address points after its call, which may be the last byte of
 * the caller (a call to a noreturn function): look up addr - 1 so the
 * caller, not the next function, is named. "?" marks a guessed frame.
 */
static void backtrace_print(u64 addr, bool is_return, bool guessed)
{
    u64 off, size;
    const char *name = symbols_lookup(is_return ? addr - 1 : addr, &off, &size);

    if (!name)
        printk(XENLOG_ERR "[<%016lx>] %s(unknown)\n", addr, guessed ? "? " : "");
    else
        printk(XENLOG_ERR "[<%016lx>] %s%s+0x%lx/0x%lx\n", addr, guessed ? "? " : "", name,
               off + is_return, size);
}

/* Length of "call *r/m64" (optional REX, FF /2) starting at p, or 0. */
static unsigned int backtrace_indirect_call_len(const u8 *p)
{
    unsigned int len = (p[0] & 0xf0) == 0x40, mod, rm;

    if (p[len] != 0xff || ((p[len + 1] >> 3) & 7) != 2)
        return 0;
    mod = p[len + 1] >> 6;
    rm = p[len + 1] & 7;
    len += 2;
    if (mod == 3)
        return len;
    if (rm == 4 && (p[len++] & 7) == 5 && mod == 0)    /* SIB, no base */
        len += 4;
    else if (rm == 5 && mod == 0)                       /* RIP-relative */
        len += 4;
    return len + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

/*
 * Is the word at the interrupted RSP the return address of a call into
 * the interrupted function fn? GCC sets up no frame in a function that
 * never touches the stack (even with -fno-omit-frame-pointer), and no
 * function has one before its prologue: there the caller is found only
 * at [RSP]. 1: a direct call to fn (certain), 2: an indirect call (likely).
 */
static int backtrace_call_into(u64 ret, u64 fn)
{
    const u8 *p = (const u8 *)ret;
    s32 rel;

    if (!symbols_lookup(ret - 8, NULL, NULL) || !symbols_lookup(ret - 1, NULL, NULL))
        return 0;                       /* the call would not lie in .text */
    if (p[-5] == 0xe8) {
        memcpy(&rel, p - 4, sizeof(rel));
        if (ret + (s64)rel == fn)
            return 1;
    }
    for (unsigned int len = 2; len <= 8; len++)
        if (backtrace_indirect_call_len(p - len) == len)
            return 2;
    return 0;
}

/* The interrupted context: its exact RIP, then its caller if that is
 * visible only at [RSP] (see backtrace_call_into()). */
static void backtrace_regs(struct backtrace *bt, const struct cpu_user_regs *regs)
{
    u64 fn_off, ret, first_ret = 0;
    int how;

    backtrace_print(regs->rip, false, false);
    if (!symbols_lookup(regs->rip, &fn_off, NULL) || backtrace_stack_of(bt, regs->rsp, 8) < 0)
        return;
    ret = *(const u64 *)regs->rsp;
    if (backtrace_stack_of(bt, regs->rbp, 16) >= 0)
        first_ret = ((const u64 *)regs->rbp)[1];
    how = backtrace_call_into(ret, regs->rip - fn_off);
    /* With a frame set up, the chain names the caller already. */
    if (how && ret != first_ret)
        backtrace_print(ret, true, how == 2);
}

/* Follow saved RBPs from fp; through an exception entry, continue with
 * the interrupted context, whose registers sit just above the entry stub's
 * return address (arch/x86/entry.S). */
static void backtrace_walk(struct backtrace *bt, u64 fp)
{
    for (; bt->depth < BACKTRACE_MAX_DEPTH; bt->depth++) {
        int s = backtrace_stack_of(bt, fp, 16);
        const u64 *frame = (const u64 *)fp;

        /* Within one stack, callers' frames lie strictly higher: this
         * also ends a chain that loops back on itself. */
        if (s < 0 || (s == bt->prev_stack && fp <= bt->prev_fp) || !frame[1])
            return;
        bt->prev_stack = s;
        bt->prev_fp = fp;
        backtrace_print(frame[1], true, false);
        if (frame[1] != (u64)trap_common_return) {
            fp = frame[0];
            continue;
        }
        if (backtrace_stack_of(bt, fp + 16, sizeof(struct cpu_user_regs)) != s)
            return;
        backtrace_regs(bt, (const struct cpu_user_regs *)(fp + 16));
        fp = ((const struct cpu_user_regs *)(fp + 16))->rbp;
    }
    printk(XENLOG_ERR "(call trace truncated at %u frames)\n", BACKTRACE_MAX_DEPTH);
}

void backtrace_show_regs(const struct cpu_user_regs *regs)
{
    struct backtrace bt;

    backtrace_init(&bt);
    printk(XENLOG_ERR "Xen call trace:\n");
    backtrace_regs(&bt, regs);
    backtrace_walk(&bt, regs->rbp);
}

/* Out of line so that its own frame is the first one walked. */
__attribute__((noinline)) void arch_show_backtrace(void)
{
    struct backtrace bt;

    backtrace_init(&bt);
    printk(XENLOG_ERR "Xen call trace:\n");
    backtrace_walk(&bt, (u64)__builtin_frame_address(0));
}

void arch_halt_forever(void)
{
    halt_forever();
}
