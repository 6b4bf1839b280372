# In-house test guests (included by the top Makefile).
#
#   make guests                     every guest below
#   make build/guests/<name>.elf    one PVH guest: tests/guests/<name>/*.c *.S + rt/
#   make build/guests/realmode.bin  the flat real-mode guest (loaded at 0x7c00)
#
# A guest is a directory with a main.c; adding one needs no edit here.

GUEST_DIR  := tests/guests
GUEST_OUT  := $(BUILD)/guests
# The hypervisor's flags (same warnings, -Werror, freestanding, no red
# zone, general registers only), minus its include paths.
GUEST_CFLAGS  := $(filter-out -I%,$(XEN_CFLAGS)) -I$(GUEST_DIR)/rt -Iinclude  # include/public: the ABI headers
GUEST_ASFLAGS := -D__ASSEMBLY__ -I$(GUEST_DIR)/rt -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -n -z max-page-size=0x1000 -z noexecstack \
    --no-warn-rwx-segments -T $(GUEST_DIR)/rt/guest.ld

GUEST_NAMES := $(patsubst $(GUEST_DIR)/%/main.c,%,$(wildcard $(GUEST_DIR)/*/main.c))
GUEST_RT_OBJ := $(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/obj/%.o, \
    $(basename $(wildcard $(GUEST_DIR)/rt/*.c $(GUEST_DIR)/rt/*.S)))
GUEST_ELFS := $(addprefix $(GUEST_OUT)/,$(addsuffix .elf,$(GUEST_NAMES)))

.PHONY: guests
guests: $(GUEST_ELFS) $(GUEST_OUT)/realmode.bin

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(GUEST_ASFLAGS) -c $< -o $@

# Each guest links its own directory's objects with the runtime.
define guest_rule
$(GUEST_OUT)/$(1).elf: $(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/obj/%.o, \
    $(basename $(wildcard $(GUEST_DIR)/$(1)/*.c $(GUEST_DIR)/$(1)/*.S))) \
    $(GUEST_RT_OBJ) $(GUEST_DIR)/rt/guest.ld
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(LD) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^)
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_rule,$(g))))

# Real-mode guest: a flat binary, not ELF, linked to run at 0x7c00.
$(GUEST_OUT)/realmode.bin: $(GUEST_OUT)/obj/realmode/realmode.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) -nostdlib -static -Ttext=0x7c00 -e 0x7c00 --oformat=binary -o $@ $<

-include $(wildcard $(GUEST_OUT)/obj/*/*.d)

# Boot every guest bare in QEMU (no hypervisor): checks the runtime itself.
.PHONY: guests-smoke
guests-smoke: guests
	$(Q)sh $(GUEST_DIR)/smoke.sh
