package fvmi

/*
#include <stdlib.h>
#include "fvmi.h"
*/
import "C"

import (
	"errors"
	"unsafe"
)

// CID is a content identifier in its binary form (what the C ABI takes and returns).
type CID []byte

// ParseCID parses the text form of a CID, e.g. "bafy2bz...".
func ParseCID(text string) (CID, error) {
	ctext := C.CString(text)
	defer C.free(unsafe.Pointer(ctext))
	var out C.FvmiBytes
	var message *C.char
	status := C.fvmi_cid_from_string(ctext, &out, &message)
	if err := check("parse CID", status, message); err != nil {
		return nil, err
	}
	return CID(takeBytes(out)), nil
}

// String is the CID's text form (base32 for CIDv1), or a placeholder for invalid bytes.
func (c CID) String() string {
	text, err := c.Text()
	if err != nil {
		return "<invalid CID>"
	}
	return text
}

// Text is the CID's text form, or an error for bytes that are not a CID.
func (c CID) Text() (string, error) {
	if len(c) == 0 {
		return "", errors.New("fvmi: empty CID")
	}
	data, length := bytesArg(c)
	var text, message *C.char
	status := C.fvmi_cid_to_string(data, length, &text, &message)
	if err := check("format CID", status, message); err != nil {
		return "", err
	}
	defer C.fvmi_string_free(text)
	return C.GoString(text), nil
}

// cidArg copies a CID into C memory for a struct field (Go memory passed to C must not hold Go
// pointers); free the result with C.free. A nil CID is NULL.
func cidArg(c CID) (*C.uint8_t, C.size_t) {
	if len(c) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(C.CBytes(c)), C.size_t(len(c))
}
