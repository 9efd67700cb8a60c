package fvmi

/*
#include <stdint.h>
#include "fvmi.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/cgo"
	"unsafe"
)

// RandomnessLength is the length of every randomness value.
const RandomnessLength = C.FVMI_RANDOMNESS_LEN

// ConsensusFaultType is the kind of a consensus fault.
type ConsensusFaultType uint8

// The consensus fault kinds.
const (
	DoubleForkMining ConsensusFaultType = 1
	ParentGrinding   ConsensusFaultType = 2
	TimeOffsetMining ConsensusFaultType = 3
)

// ConsensusFault is a fault found in block headers.
type ConsensusFault struct {
	Type  ConsensusFaultType
	Epoch int64
	// Target is the faulty miner's address in binary form.
	Target []byte
}

// Externs is the chain access a machine asks the node for. Its methods are called on a thread
// the library chooses, one call at a time per machine, only while Apply runs on that machine;
// they must not use that machine. A returned error is seen by the actor as a failed syscall; a
// panic is recovered and treated as an error.
type Externs interface {
	// ChainRandomness is the ticket-chain randomness drawn for a domain-separation tag, an
	// epoch and entropy (from network version 16 on, DrawRandomness over the epoch's base).
	ChainRandomness(personalization, epoch int64, entropy []byte) ([RandomnessLength]byte, error)
	// BeaconRandomness is the same for the drand beacon.
	BeaconRandomness(personalization, epoch int64, entropy []byte) ([RandomnessLength]byte, error)
	// VerifyConsensusFault checks two block headers and an extra one; it returns the fault
	// (nil for none) and the gas its chain reads cost.
	VerifyConsensusFault(header1, header2, extra []byte) (*ConsensusFault, int64, error)
	// TipsetCID is the CID of the tipset at an epoch (asked from network version 18 on).
	TipsetCID(epoch int64) (CID, error)
}

// NoChainAccess is an Externs with no chain behind it: randomness and tipset CIDs are errors,
// and no consensus fault is ever found. Embed it to implement only some methods.
type NoChainAccess struct{}

var errNoChain = errors.New("no chain access")

// ChainRandomness is an error.
func (NoChainAccess) ChainRandomness(int64, int64, []byte) ([RandomnessLength]byte, error) {
	return [RandomnessLength]byte{}, errNoChain
}

// BeaconRandomness is an error.
func (NoChainAccess) BeaconRandomness(int64, int64, []byte) ([RandomnessLength]byte, error) {
	return [RandomnessLength]byte{}, errNoChain
}

// VerifyConsensusFault finds no fault, at no gas.
func (NoChainAccess) VerifyConsensusFault(_, _, _ []byte) (*ConsensusFault, int64, error) {
	return nil, 0, nil
}

// TipsetCID is an error.
func (NoChainAccess) TipsetCID(epoch int64) (CID, error) {
	return nil, fmt.Errorf("no tipset CID for epoch %d: %w", epoch, errNoChain)
}

// Status codes the callbacks return to the library (any non-zero value is an error).
const (
	callbackOK    = 0
	callbackError = 1
	callbackPanic = 2
)

// externsOf finds the Externs behind a callback's user data.
func externsOf(handle C.uintptr_t) Externs {
	return cgo.Handle(handle).Value().(Externs)
}

// goBytes copies n bytes from C memory (nothing for n == 0, whatever the pointer).
func goBytes(data *C.uint8_t, n C.size_t) []byte {
	if n == 0 {
		return []byte{}
	}
	return C.GoBytes(unsafe.Pointer(data), C.int(n))
}

// guarded runs a callback body, turning a panic into callbackPanic.
func guarded(body func() C.int32_t) (status C.int32_t) {
	defer func() {
		if recover() != nil {
			status = callbackPanic
		}
	}()
	return body()
}

func randomness(draw func() ([RandomnessLength]byte, error), out *C.uint8_t) C.int32_t {
	return guarded(func() C.int32_t {
		value, err := draw()
		if err != nil {
			return callbackError
		}
		copy(unsafe.Slice((*byte)(unsafe.Pointer(out)), RandomnessLength), value[:])
		return callbackOK
	})
}

//export fvmiGoChainRandomness
func fvmiGoChainRandomness(handle C.uintptr_t, personalization, epoch C.int64_t, entropy *C.uint8_t, entropyLen C.size_t, out *C.uint8_t) C.int32_t {
	return randomness(func() ([RandomnessLength]byte, error) {
		return externsOf(handle).ChainRandomness(int64(personalization), int64(epoch), goBytes(entropy, entropyLen))
	}, out)
}

//export fvmiGoBeaconRandomness
func fvmiGoBeaconRandomness(handle C.uintptr_t, personalization, epoch C.int64_t, entropy *C.uint8_t, entropyLen C.size_t, out *C.uint8_t) C.int32_t {
	return randomness(func() ([RandomnessLength]byte, error) {
		return externsOf(handle).BeaconRandomness(int64(personalization), int64(epoch), goBytes(entropy, entropyLen))
	}, out)
}

//export fvmiGoVerifyConsensusFault
func fvmiGoVerifyConsensusFault(handle C.uintptr_t, h1 *C.uint8_t, h1Len C.size_t, h2 *C.uint8_t, h2Len C.size_t, extra *C.uint8_t, extraLen C.size_t, out *C.FvmiConsensusFault) C.int32_t {
	return guarded(func() C.int32_t {
		fault, gas, err := externsOf(handle).VerifyConsensusFault(goBytes(h1, h1Len), goBytes(h2, h2Len), goBytes(extra, extraLen))
		if err != nil {
			return callbackError
		}
		out.gas_used = C.int64_t(gas)
		if fault == nil {
			return callbackOK
		}
		if len(fault.Target) > C.FVMI_ADDRESS_MAX_LEN {
			return callbackError
		}
		out.fault_type = C.uint8_t(fault.Type)
		out.epoch = C.int64_t(fault.Epoch)
		for i, b := range fault.Target {
			out.target[i] = C.uint8_t(b)
		}
		out.target_len = C.size_t(len(fault.Target))
		return callbackOK
	})
}

//export fvmiGoTipsetCID
func fvmiGoTipsetCID(handle C.uintptr_t, epoch C.int64_t, out *C.uint8_t, capacity C.size_t, outLen *C.size_t) C.int32_t {
	return guarded(func() C.int32_t {
		cid, err := externsOf(handle).TipsetCID(int64(epoch))
		if err != nil || len(cid) == 0 || len(cid) > int(capacity) {
			return callbackError
		}
		copy(unsafe.Slice((*byte)(unsafe.Pointer(out)), int(capacity)), cid)
		*outLen = C.size_t(len(cid))
		return callbackOK
	})
}

//export fvmiGoRelease
func fvmiGoRelease(handle C.uintptr_t) {
	cgo.Handle(handle).Delete()
}
