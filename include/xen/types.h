/*
 * Basic fixed-width types and limits for the hypervisor. Freestanding: this
 * header relies only on the compiler's <stdint.h>/<stddef.h>/<stdbool.h>, so
 * the same code builds in the hypervisor and in host unit tests.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* Physical (machine) addresses and page frame numbers. */
typedef u64 paddr_t;
typedef u64 mfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#endif /* XEN_TYPES_H */
