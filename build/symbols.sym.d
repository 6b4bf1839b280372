build/symbols.sym.o: build/symbols.S
