# VMX instructions in a guest raise #UD (exits 19-27, 50: nested VMX is
# not offered) and CPUID hides VMX; the guest survives them.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/vmxinsn.elf domain name=vmx'
EXPECT='\(vmx\) vmxinsn: 6 of 6 VMX instructions raised #UD
\(vmx\) Test result: SUCCESS'
REJECT='Panic|LEAK|domain crash'
