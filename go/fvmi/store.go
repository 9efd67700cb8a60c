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

// Store is an in-memory blockstore holding states and builtin-actor bundles. Machines built on
// it share it: closing the Store while they run is fine.
type Store struct {
	handle *C.FvmiStore
}

var errClosed = errors.New("fvmi: use after Close")

// NewStore creates an empty store; Close frees it.
func NewStore() (*Store, error) {
	var handle *C.FvmiStore
	var message *C.char
	if err := check("new store", C.fvmi_store_new(&handle, &message), message); err != nil {
		return nil, err
	}
	return &Store{handle: handle}, nil
}

// Close frees the store handle (machines built on it keep their share).
func (s *Store) Close() {
	if s.handle != nil {
		C.fvmi_store_free(s.handle)
		s.handle = nil
	}
}

// LoadCAR loads a CAR v1 archive (every block checked against its CID) and returns its roots.
func (s *Store) LoadCAR(car []byte) ([]CID, error) {
	if s.handle == nil {
		return nil, errClosed
	}
	data, length := bytesArg(car)
	var out C.FvmiBytes
	var message *C.char
	if err := check("load CAR", C.fvmi_store_load_car(s.handle, data, length, &out, &message), message); err != nil {
		return nil, err
	}
	return decodeCIDList(takeBytes(out))
}

// LoadCARFile loads a CAR v1 archive from a file and returns its roots.
func (s *Store) LoadCARFile(path string) ([]CID, error) {
	if s.handle == nil {
		return nil, errClosed
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var out C.FvmiBytes
	var message *C.char
	if err := check("load CAR file", C.fvmi_store_load_car_file(s.handle, cpath, &out, &message), message); err != nil {
		return nil, err
	}
	return decodeCIDList(takeBytes(out))
}

// LoadBundle loads a builtin-actor bundle CAR and returns its root (name it in
// MachineParams.BuiltinActors at network version 15).
func (s *Store) LoadBundle(car []byte) (CID, error) {
	if s.handle == nil {
		return nil, errClosed
	}
	data, length := bytesArg(car)
	var out C.FvmiBytes
	var message *C.char
	if err := check("load bundle", C.fvmi_store_load_bundle(s.handle, data, length, &out, &message), message); err != nil {
		return nil, err
	}
	return CID(takeBytes(out)), nil
}

// LoadBundleFile loads a builtin-actor bundle CAR from a file and returns its root.
func (s *Store) LoadBundleFile(path string) (CID, error) {
	if s.handle == nil {
		return nil, errClosed
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var out C.FvmiBytes
	var message *C.char
	if err := check("load bundle file", C.fvmi_store_load_bundle_file(s.handle, cpath, &out, &message), message); err != nil {
		return nil, err
	}
	return CID(takeBytes(out)), nil
}

// LoadBuiltinBundle loads the builtin actors v7 that fvmi builds itself (network version 15)
// and returns the bundle's root.
func (s *Store) LoadBuiltinBundle() (CID, error) {
	if s.handle == nil {
		return nil, errClosed
	}
	var out C.FvmiBytes
	var message *C.char
	if err := check("load builtin bundle", C.fvmi_store_load_builtin_bundle(s.handle, &out, &message), message); err != nil {
		return nil, err
	}
	return CID(takeBytes(out)), nil
}
