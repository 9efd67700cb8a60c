package fvmi

/*
#include <stdint.h>
#include <stdlib.h>
#include "fvmi.h"

FvmiExterns fvmi_go_externs(uintptr_t handle);
*/
import "C"

import (
	"fmt"
	"math/big"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// ProofPolicy says how proofs the actors ask to verify are answered (fvmi has no proof
// verifier of its own).
type ProofPolicy uint32

// The proof policies.
const (
	// AcceptAllProofs accepts every proof unchecked (its gas is still charged), as the
	// reference's conformance runner does.
	AcceptAllProofs ProofPolicy = C.FVMI_PROOFS_ACCEPT_ALL
	// RejectAllProofs finds every proof invalid.
	RejectAllProofs ProofPolicy = C.FVMI_PROOFS_REJECT_ALL
)

// ApplyKind says how a message is applied.
type ApplyKind uint32

// The apply kinds.
const (
	// Explicit is a message from a block: it pays for inclusion (its chain length) and gas.
	Explicit ApplyKind = C.FVMI_APPLY_EXPLICIT
	// Implicit is a system message: no sender checks, no fees.
	Implicit ApplyKind = C.FVMI_APPLY_IMPLICIT
)

// MachineParams is what a machine is built from.
type MachineParams struct {
	// NetworkVersion is 15 to 18.
	NetworkVersion uint32
	// Epoch is the epoch every message executes at.
	Epoch int64
	// StateRoot is the state's root; the state must be in the store.
	StateRoot CID
	// BuiltinActors is the root of a bundle loaded into the store: required at network
	// version 15; nil from 16 on runs the actors the state names.
	BuiltinActors CID
	// BaseFee is attoFIL per gas; nil means 100.
	BaseFee *big.Int
	// CircSupply is the circulating supply in attoFIL; nil means the total supply (2e9 FIL).
	CircSupply *big.Int
	// Timestamp is the tipset's timestamp in seconds (reported to actors from version 18).
	Timestamp uint64
	// ChainID is the EIP-155 chain ID (reported to actors from version 18).
	ChainID uint64
	// Proofs is the proof policy (AcceptAllProofs by default).
	Proofs ProofPolicy
}

// Machine applies messages to a state. Its methods may be called from any goroutine; calls are
// serialized.
type Machine struct {
	mu     sync.Mutex
	handle *C.FvmiMachine
}

// amountArg is a non-negative decimal amount in C memory (free with C.free), or NULL for nil.
func amountArg(amount *big.Int, what string) (*C.char, error) {
	if amount == nil {
		return nil, nil
	}
	if amount.Sign() < 0 {
		return nil, fmt.Errorf("fvmi: %s is negative", what)
	}
	return C.CString(amount.String()), nil
}

// NewMachine builds a machine on store with the node's chain access (nil: NoChainAccess).
// Close frees it.
func NewMachine(store *Store, params MachineParams, externs Externs) (*Machine, error) {
	if store == nil || store.handle == nil {
		return nil, errClosed
	}
	if externs == nil {
		externs = NoChainAccess{}
	}
	baseFee, err := amountArg(params.BaseFee, "base fee")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(baseFee))
	circSupply, err := amountArg(params.CircSupply, "circulating supply")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(circSupply))
	// The CIDs go into C memory: Go memory handed to C must not hold Go pointers.
	root, rootLen := cidArg(params.StateRoot)
	defer C.free(unsafe.Pointer(root))
	bundle, bundleLen := cidArg(params.BuiltinActors)
	defer C.free(unsafe.Pointer(bundle))
	cparams := C.FvmiMachineParams{
		network_version:    C.uint32_t(params.NetworkVersion),
		epoch:              C.int64_t(params.Epoch),
		state_root:         root,
		state_root_len:     rootLen,
		builtin_actors:     bundle,
		builtin_actors_len: bundleLen,
		base_fee:           baseFee,
		circ_supply:        circSupply,
		timestamp:          C.uint64_t(params.Timestamp),
		chain_id:           C.uint64_t(params.ChainID),
		proof_policy:       C.uint32_t(params.Proofs),
	}
	// The library owns the handle from here: it calls release (which deletes it) when the
	// machine is freed, or before fvmi_machine_new fails.
	handle := cgo.NewHandle(externs)
	cexterns := C.fvmi_go_externs(C.uintptr_t(handle))
	var machine *C.FvmiMachine
	var message *C.char
	status := C.fvmi_machine_new(store.handle, &cparams, &cexterns, &machine, &message)
	if err := check("new machine", status, message); err != nil {
		return nil, err
	}
	return &Machine{handle: machine}, nil
}

// Apply applies one message (DAG-CBOR: unsigned, or [message, signature] whose signature is
// not checked) as kind; rawLength is its length on chain (see MessageChainLength). A message
// that fails on chain is a Receipt with a non-zero exit code, not an error.
func (m *Machine) Apply(message []byte, kind ApplyKind, rawLength int) (*Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.handle == nil {
		return nil, errClosed
	}
	data, length := bytesArg(message)
	var out C.FvmiBytes
	var errorText *C.char
	status := C.fvmi_machine_apply(m.handle, data, length, C.uint32_t(kind), C.size_t(rawLength), &out, &errorText)
	if err := check("apply message", status, errorText); err != nil {
		return nil, err
	}
	return DecodeReceipt(takeBytes(out))
}

// ApplyExplicit applies a message from a block, charged for its chain length.
func (m *Machine) ApplyExplicit(message []byte) (*Receipt, error) {
	return m.Apply(message, Explicit, MessageChainLength(message))
}

// Flush writes the state to the store and returns the new state root.
func (m *Machine) Flush() (CID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.handle == nil {
		return nil, errClosed
	}
	var out C.FvmiBytes
	var message *C.char
	if err := check("flush", C.fvmi_machine_flush(m.handle, &out, &message), message); err != nil {
		return nil, err
	}
	return CID(takeBytes(out)), nil
}

// Close frees the machine (unflushed changes are dropped) and releases its Externs.
func (m *Machine) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.handle != nil {
		C.fvmi_machine_free(m.handle)
		m.handle = nil
	}
}

// MessageChainLength is the length an unsigned message is charged for on chain: its bytes,
// plus a secp256k1 signature's when the sender is an f1 address.
func MessageChainLength(message []byte) int {
	data, length := bytesArg(message)
	return int(C.fvmi_message_chain_length(data, length))
}

// DrawRandomness is the chain's DrawRandomness: the value drawn from an epoch's base
// randomness for a domain-separation tag, epoch and entropy (what Externs return from network
// version 16 on).
func DrawRandomness(personalization int64, base [RandomnessLength]byte, epoch int64, entropy []byte) ([RandomnessLength]byte, error) {
	var out [RandomnessLength]byte
	data, length := bytesArg(entropy)
	var message *C.char
	status := C.fvmi_draw_randomness(C.int64_t(personalization), (*C.uint8_t)(unsafe.Pointer(&base[0])), C.int64_t(epoch), data, length, (*C.uint8_t)(unsafe.Pointer(&out[0])), &message)
	return out, check("draw randomness", status, message)
}
