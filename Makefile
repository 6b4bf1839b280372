# Xenolith top-level Makefile.
#
#   make            build/xenolith.elf (hypervisor image, multiboot2)
#   make iso        build/xenolith.iso (GRUB for BIOS and UEFI, serial console)
#   make run        install missing Debian packages, boot in Bochs (VT-x)
#   make run-qemu   boot in QEMU TCG (no VT-x: shows the "not available" path)
#   make run-kvm    boot in QEMU/KVM on an Intel host with nested VT-x
#   make test       host unit tests (cmocka, ASan/UBSan) + emulator scenarios
#   make bench      deterministic Bochs instruction counts
#   make V=1 ...    show every command
#
# Sources are found by wildcard: adding a .c or .S file needs no edit here.

BUILD   := build
CC      := gcc
HOSTCC  := gcc
LD      := ld
NM      := nm
OBJCOPY := objcopy

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Hypervisor code: freestanding, no red zone, no SSE/x87 (guest state lives
# in those registers), frame pointers for the symbolized backtrace.
XEN_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
    -isystem $(shell $(CC) -print-file-name=include) \
    -fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
    -fno-asynchronous-unwind-tables -fno-common -fcf-protection=none \
    -mno-red-zone -mgeneral-regs-only -mcmodel=small \
    -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
    -Wmissing-declarations -Wshadow -Wpointer-arith -Wundef -Wvla \
    -Wno-unused-parameter -Wno-missing-field-initializers \
    -Iinclude -Iarch/x86/include -MMD -MP
XEN_ASFLAGS := -D__ASSEMBLY__ -Iinclude -Iarch/x86/include -I$(BUILD) -MMD -MP
XEN_LDFLAGS := -nostdlib -n -z max-page-size=0x1000 -z noexecstack \
    --no-warn-rwx-segments -T linker.ld

XEN_C   := $(sort $(wildcard xen/*.c arch/x86/*.c arch/x86/*/*.c drivers/*.c drivers/*/*.c))
XEN_C   := $(filter-out arch/x86/asm-offsets.c,$(XEN_C))
XEN_S   := $(sort $(wildcard arch/x86/*.S arch/x86/*/*.S))
XEN_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(XEN_C)) $(patsubst %.S,$(BUILD)/obj/%.o,$(XEN_S))

.DELETE_ON_ERROR:
.PHONY: all iso run run-qemu run-kvm test unit scenarios bench clean deps
all: $(BUILD)/xenolith.elf

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(XEN_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(XEN_ASFLAGS) -c $< -o $@

# Struct offsets for the assembly: asm-offsets.c is compiled to assembly
# only (never linked); its "ASMOFF name value" markers become #defines.
$(BUILD)/asm-offsets.h: arch/x86/asm-offsets.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(XEN_CFLAGS) -MT $@ -MF $(BUILD)/asm-offsets.d -S $< -o $(BUILD)/asm-offsets.s
	$(Q){ echo "/* Generated from arch/x86/asm-offsets.c; do not edit. */"; \
	  sed -n 's/.*"ASMOFF \([A-Za-z0-9_]*\) \([0-9]*\)".*/#define \1 \2/p' $(BUILD)/asm-offsets.s; } > $@
$(patsubst %.S,$(BUILD)/obj/%.o,$(XEN_S)): $(BUILD)/asm-offsets.h

# Two-pass link for the symbolized backtrace: link once with an empty
# symbol table, generate the table from that image, link again. The table
# sits right after .text, so no function moves; the check below proves it.
$(BUILD)/symbols-empty.S: tools/gensyms.sh
	@mkdir -p $(@D)
	$(Q)sh tools/gensyms.sh /dev/null > $@

$(BUILD)/%.sym.o: $(BUILD)/%.S
	$(Q)$(CC) $(XEN_ASFLAGS) -c $< -o $@

$(BUILD)/xenolith-pass1.elf: $(XEN_OBJ) $(BUILD)/symbols-empty.sym.o linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(XEN_LDFLAGS) -o $@ $(XEN_OBJ) $(BUILD)/symbols-empty.sym.o

$(BUILD)/symbols.S: $(BUILD)/xenolith-pass1.elf tools/gensyms.sh
	$(Q)$(NM) -n --defined-only $< | sh tools/gensyms.sh - > $@

$(BUILD)/xenolith.elf: $(XEN_OBJ) $(BUILD)/symbols.sym.o $(BUILD)/xenolith-pass1.elf linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(XEN_LDFLAGS) -o $@ $(XEN_OBJ) $(BUILD)/symbols.sym.o
	$(Q)$(NM) -n $(BUILD)/xenolith-pass1.elf | grep -i ' t ' > $(BUILD)/text1.txt
	$(Q)$(NM) -n $@ | grep -i ' t ' > $(BUILD)/text2.txt
	$(Q)cmp -s $(BUILD)/text1.txt $(BUILD)/text2.txt || \
	    { echo "error: symbol table moved .text between link passes"; exit 1; }
	$(Q)grub-file --is-x86-multiboot2 $@ 2>/dev/null || ! command -v grub-file >/dev/null || \
	    { echo "error: $@ is not a multiboot2 image"; exit 1; }

# Default ISO: the command line used by "make run" (override with CMDLINE=).
CMDLINE ?= console=com1 com1=115200,8n1 loglvl=all
# The demo guests "make run" boots (DEMO= to replace them, DEMO= empty for none):
# a PVH hello, two counters sharing the CPUs, and a real-mode guest.
DEMO ?= $(BUILD)/guests/hello.elf "domain name=hello -- name=hello" \
        $(BUILD)/guests/counter.elf "domain name=count1 -- count=5" \
        $(BUILD)/guests/counter.elf "domain name=count2 -- count=5" \
        $(BUILD)/guests/realmode.bin "domain name=realmode mode=real mem=1M"
iso: $(BUILD)/xenolith.iso
$(BUILD)/xenolith.iso: $(BUILD)/xenolith.elf tools/mkiso.sh guests FORCE
	$(Q)sh tools/mkiso.sh $(BUILD)/xenolith.elf $@ "$(CMDLINE)" $(DEMO)
FORCE:

deps:
	$(Q)sh tools/install-deps.sh

run: deps $(BUILD)/xenolith.iso
	$(Q)sh tools/run-bochs.sh $(BUILD)/xenolith.iso

run-qemu: deps $(BUILD)/xenolith.iso
	qemu-system-x86_64 -cdrom $(BUILD)/xenolith.iso -nographic -m 512 -smp 2 -cpu max -no-reboot

run-kvm: deps $(BUILD)/xenolith.iso
	qemu-system-x86_64 -enable-kvm -cpu host,+vmx -cdrom $(BUILD)/xenolith.iso -nographic -m 512 -smp 2 -no-reboot

# ---------------------------------------------------------------------------
# Host unit tests: tests/unit/test_<name>.c plus tests/unit/test_<name>.mk,
# which sets UNIT_SRCS_test_<name> := <hypervisor .c files under test>.
# Only those files are compiled: the generated dependencies also list files
# a wrapper #includes (tests/unit/*_wrap.c), which must not be built twice.
# Built with the host compiler under ASan/UBSan, linked against cmocka.
UNIT_CFLAGS := -std=gnu11 -g -O1 -DUNIT_TEST -fsanitize=address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer \
    -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
    -Iinclude -Itests/unit -MMD -MP
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
-include $(wildcard tests/unit/test_*.mk)

define unit_rule
$(BUILD)/unit/$(1): tests/unit/$(1).c tests/unit/unit_stubs.c $$(UNIT_SRCS_$(1)) $$(wildcard include/xen/*.h tests/unit/*.h)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  HOSTCC  $$@")
	$$(Q)$$(HOSTCC) $$(UNIT_CFLAGS) -MT $$@ -o $$@ tests/unit/$(1).c tests/unit/unit_stubs.c $$(UNIT_SRCS_$(1)) -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))

# In-house test guests (tests/guests/*.mk add their own rules and targets).
-include $(wildcard tests/guests/*.mk)
# Tool-provided targets (tools/*.mk), e.g. linux-images.
-include $(wildcard tools/*.mk)

test:
	$(Q)sh tests/run.sh

scenarios: $(BUILD)/xenolith.elf
	$(Q)sh tests/run.sh --scenarios-only

bench: $(BUILD)/xenolith.elf
	$(Q)sh tests/bench.sh

clean:
	rm -rf $(BUILD)

-include $(XEN_OBJ:.o=.d)
-include $(wildcard $(BUILD)/unit/*.d) $(BUILD)/asm-offsets.d
