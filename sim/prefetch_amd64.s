#include "textflag.h"

// func PrefetchRange(p unsafe.Pointer, n uintptr)
//
// PREFETCHT0 for the line of p, every 64 bytes after it while within the
// range, and the range's last byte.
TEXT ·PrefetchRange(SB), NOSPLIT|NOFRAME, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), BX
	LEAQ -1(AX)(BX*1), BX
loop:
	PREFETCHT0 (AX)
	ADDQ $64, AX
	CMPQ AX, BX
	JLS  loop
	PREFETCHT0 (BX)
	RET
