/*
 * ELF64 file-format structures and constants (System V gABI and the x86-64
 * psABI): only what the guest loader (xen/elf_loader.c) needs. All fields
 * are little endian; the loader reads them with memcpy, never in place, so
 * a header at an unaligned offset is harmless.
 */
#ifndef XEN_ELF_H
#define XEN_ELF_H

#include <xen/compiler.h>
#include <xen/types.h>

#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6

#define ELFMAG "\177ELF"
#define SELFMAG 4
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1

#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define EM_X86_64 62

#define PT_NULL 0
#define PT_LOAD 1
#define PT_NOTE 4

typedef struct {
    u8 e_ident[EI_NIDENT];
    u16 e_type;
    u16 e_machine;
    u32 e_version;
    u64 e_entry;
    u64 e_phoff;
    u64 e_shoff;
    u32 e_flags;
    u16 e_ehsize;
    u16 e_phentsize;
    u16 e_phnum;
    u16 e_shentsize;
    u16 e_shnum;
    u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    u32 p_type;
    u32 p_flags;
    u64 p_offset;
    u64 p_vaddr;
    u64 p_paddr;
    u64 p_filesz;
    u64 p_memsz;
    u64 p_align;
} Elf64_Phdr;

/* Note header; name and desc follow, each padded to 4 bytes. */
typedef struct {
    u32 n_namesz;
    u32 n_descsz;
    u32 n_type;
} Elf64_Nhdr;

BUILD_BUG_ON(sizeof(Elf64_Ehdr) != 64);
BUILD_BUG_ON(sizeof(Elf64_Phdr) != 56);
BUILD_BUG_ON(sizeof(Elf64_Nhdr) != 12);

#endif /* XEN_ELF_H */
