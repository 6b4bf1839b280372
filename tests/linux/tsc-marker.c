/*
 * The init marker of the Linux boot benchmark (tests/bench-linux.sh): a
 * static x86-64 Linux program, no libc, that reads the TSC first thing and
 * prints "XENOLITH-INIT-TSC <ticks>". In Bochs with clock sync=none the TSC
 * counts emulated instructions, so the figure is the same whether Linux
 * runs natively or as a Xenolith domU (whose TSC offset is 0).
 */
#define SYS_write 1
#define SYS_ioctl 16
#define SYS_exit 60
#define TCSBRK 0x5409               /* with argument 1: wait until sent (tcdrain) */

static long sys3(long nr, long a, long b, long c)
{
    long ret;

    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                         : "rcx", "r11", "memory");
    return ret;
}

static unsigned long long read_tsc(void)
{
    unsigned int lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long long)hi << 32) | lo;
}

/* Appends v in decimal at p; returns the new end. */
static char *put_decimal(char *p, unsigned long long v)
{
    char digits[20];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = digits[--n];
    return p;
}

void _start(void)
{
    static const char prefix[] = "XENOLITH-INIT-TSC ";
    unsigned long long tsc = read_tsc();     /* before anything else */
    char line[sizeof(prefix) + 21];
    char *p = line;

    for (const char *s = prefix; *s; s++)
        *p++ = *s;
    p = put_decimal(p, tsc);
    *p++ = '\n';
    sys3(SYS_write, 1, (long)line, p - line);
    sys3(SYS_ioctl, 1, TCSBRK, 1);       /* on the wire before init powers off */
    sys3(SYS_exit, 0, 0, 0);
    for (;;)
        ;
}
