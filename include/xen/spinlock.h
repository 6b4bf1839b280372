/*
 * Spinlocks: a ticket lock (fair under contention, so no CPU starves on
 * the console or heap lock). Built on compiler atomics only, so the same
 * code runs in host unit tests.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>

typedef struct {
    u16 next;       /* ticket handed to the next arrival */
    u16 owner;      /* ticket currently allowed in */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

static inline void spin_lock(spinlock_t *l)
{
    u16 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
        cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
    u16 expect = owner;

    return __atomic_compare_exchange_n(&l->next, &expect, (u16)(owner + 1), false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

#endif /* XEN_SPINLOCK_H */
