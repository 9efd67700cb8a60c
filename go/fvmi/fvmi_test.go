package fvmi

import (
	"bytes"
	"errors"
	"testing"
)

func TestVersionAndCIDText(t *testing.T) {
	if Version() == "" {
		t.Fatal("empty library version")
	}
	const text = "bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm"
	cid, err := ParseCID(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := cid.String(); got != text {
		t.Fatalf("round trip: %s", got)
	}
	_, err = ParseCID("not-a-cid")
	var fvmiErr *Error
	if !errors.As(err, &fvmiErr) || fvmiErr.Status != StatusInvalidArgument || fvmiErr.Message == "" {
		t.Fatalf("want an invalid-argument error, got %v", err)
	}
	if _, err := CID([]byte{1, 2}).Text(); err == nil {
		t.Fatal("bytes that are not a CID formatted")
	}
}

func TestErrorsAreGoErrors(t *testing.T) {
	store, err := NewStore()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var fvmiErr *Error
	if _, err := store.LoadCAR([]byte("not a car")); !errors.As(err, &fvmiErr) || fvmiErr.Status != StatusCAR {
		t.Fatalf("want a CAR error, got %v", err)
	}
	if _, err := store.LoadBundleFile("/nonexistent/fvmi.car"); !errors.As(err, &fvmiErr) || fvmiErr.Status != StatusIO {
		t.Fatalf("want an I/O error, got %v", err)
	}
	bundle, err := store.LoadBuiltinBundle()
	if err != nil {
		t.Fatal(err)
	}
	// The bundle root is no state tree: building a machine on it fails, and the externs'
	// handle is released (a leak would not show here, a double delete would panic).
	params := MachineParams{NetworkVersion: 15, StateRoot: bundle, BuiltinActors: bundle}
	if _, err := NewMachine(store, params, nil); !errors.As(err, &fvmiErr) || fvmiErr.Status != StatusMachine {
		t.Fatalf("want a machine error, got %v", err)
	}
	params.NetworkVersion = 14
	if _, err := NewMachine(store, params, nil); !errors.As(err, &fvmiErr) || fvmiErr.Status != StatusInvalidArgument {
		t.Fatalf("want an invalid-argument error for nv14, got %v", err)
	}
	store.Close()
	if _, err := store.LoadBuiltinBundle(); !errors.Is(err, errClosed) {
		t.Fatalf("use after Close: %v", err)
	}
}

func TestDecodeReceipt(t *testing.T) {
	// [16, h'aa', 24]
	r, err := DecodeReceipt([]byte{0x83, 0x10, 0x41, 0xaa, 0x18, 0x18})
	if err != nil || r.ExitCode != 16 || !bytes.Equal(r.Return, []byte{0xaa}) || r.GasUsed != 24 || r.EventsRoot != nil {
		t.Fatalf("%+v %v", r, err)
	}
	// [0, h'', 1, null]
	if r, err := DecodeReceipt([]byte{0x84, 0x00, 0x40, 0x01, 0xf6}); err != nil || r.EventsRoot != nil {
		t.Fatalf("%+v %v", r, err)
	}
	// [0, h'', 1, 42(h'00 01 71')]
	r, err = DecodeReceipt([]byte{0x84, 0x00, 0x40, 0x01, 0xd8, 0x2a, 0x43, 0x00, 0x01, 0x71})
	if err != nil || !bytes.Equal(r.EventsRoot, []byte{0x01, 0x71}) {
		t.Fatalf("%+v %v", r, err)
	}
	for _, bad := range [][]byte{
		{}, {0x82, 0x00, 0x40}, {0x83, 0x00, 0x40}, {0x83, 0x00, 0x40, 0x01, 0x00},
		{0x83, 0x20, 0x40, 0x01}, {0x84, 0x00, 0x40, 0x01, 0x01}, {0x83, 0x00, 0x5f, 0x01},
	} {
		if _, err := DecodeReceipt(bad); err == nil {
			t.Errorf("decoded % x", bad)
		}
	}
}

func TestDrawRandomnessDependsOnEveryInput(t *testing.T) {
	var base [RandomnessLength]byte
	base[0] = 1
	first, err := DrawRandomness(2, base, 3, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range []func() ([RandomnessLength]byte, error){
		func() ([RandomnessLength]byte, error) { return DrawRandomness(1, base, 3, []byte("x")) },
		func() ([RandomnessLength]byte, error) {
			return DrawRandomness(2, [RandomnessLength]byte{}, 3, []byte("x"))
		},
		func() ([RandomnessLength]byte, error) { return DrawRandomness(2, base, 4, []byte("x")) },
		func() ([RandomnessLength]byte, error) { return DrawRandomness(2, base, 3, nil) },
	} {
		value, err := other()
		if err != nil || value == first {
			t.Fatalf("%x %v", value, err)
		}
	}
}
