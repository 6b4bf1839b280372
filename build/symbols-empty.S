	.section .rodata.symbols, "a"
	.balign 8
	.globl xen_symbols_count, xen_symbols_addr, xen_symbols_name, xen_symbols_strtab
xen_symbols_count:
	.quad 0
xen_symbols_addr:
xen_symbols_name:
xen_symbols_strtab:
