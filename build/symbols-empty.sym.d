build/symbols-empty.sym.o: build/symbols-empty.S
