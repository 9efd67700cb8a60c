// Package fvmi is the Go binding of fvmi, a Filecoin VM on the wasmi interpreter, through its C
// ABI (ffi/include/fvmi.h): load builtin-actor bundles and a state into a Store, build a Machine
// at a network version (15 to 18) with the node's chain access as an Externs value, apply
// messages, read each Receipt, and flush for the new state root.
//
// The package links the fvmi-ffi static library built by cargo. Tell cgo where it is:
//
//	cargo build --release -p fvmi-ffi
//	CGO_LDFLAGS="-L${CARGO_TARGET_DIR:-$(pwd)/target}/release" go test ./...
//
// Every value holding library memory has a Close method; Close is idempotent, and a finalizer
// is not relied on.
package fvmi

/*
#cgo CFLAGS: -I${SRCDIR}/../../ffi/include
#cgo LDFLAGS: -l:libfvmi_ffi.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#include <stdlib.h>
#include "fvmi.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Status is a status code of the C ABI (the header's FVMI_ERROR_* values).
type Status int32

// The status codes an Error may carry.
const (
	StatusNullPointer     Status = C.FVMI_ERROR_NULL_POINTER
	StatusInvalidArgument Status = C.FVMI_ERROR_INVALID_ARGUMENT
	StatusIO              Status = C.FVMI_ERROR_IO
	StatusCAR             Status = C.FVMI_ERROR_CAR
	StatusMachine         Status = C.FVMI_ERROR_MACHINE
	StatusInvalidMessage  Status = C.FVMI_ERROR_INVALID_MESSAGE
	StatusFatal           Status = C.FVMI_ERROR_FATAL
	StatusPanic           Status = C.FVMI_ERROR_PANIC
	StatusPoisoned        Status = C.FVMI_ERROR_POISONED
)

// Error is a failure reported by the library: its status code and message.
type Error struct {
	// Op names the call that failed, e.g. "load CAR".
	Op string
	// Status is the library's status code.
	Status Status
	// Message is the library's explanation.
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("fvmi: %s: %s (status %d)", e.Op, e.Message, int32(e.Status))
}

// Version is the version of the linked library.
func Version() string {
	return C.GoString(C.fvmi_version())
}

// check turns a status and the error out-parameter into a Go error, freeing the message.
func check(op string, status C.int32_t, message *C.char) error {
	if status == C.FVMI_OK {
		return nil
	}
	text := "(no message)"
	if message != nil {
		text = C.GoString(message)
		C.fvmi_string_free(message)
	}
	return &Error{Op: op, Status: Status(status), Message: text}
}

// takeBytes copies a library buffer into Go memory and frees it.
func takeBytes(buffer C.FvmiBytes) []byte {
	defer C.fvmi_bytes_free(buffer)
	if buffer.data == nil {
		return []byte{}
	}
	return C.GoBytes(unsafe.Pointer(buffer.data), C.int(buffer.len))
}

// bytesArg is a pointer to b's first byte for the duration of a call (Go memory holding no
// pointers may be passed to C), or NULL for an empty slice.
func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}
