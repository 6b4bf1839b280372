/*
 * testdev_alias = TESTDEV_ALIAS in main.c, defined apart so that main.c's
 * RIP-relative references to it are relocations the linker resolves.
 */
	.globl testdev_alias
	.set testdev_alias, 0x40100000
