package fvmi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync/atomic"
)

// fallbackRandomness answers a request nothing recorded matches (the reference runner's value).
var fallbackRandomness = [RandomnessLength]byte{}

func init() {
	copy(fallbackRandomness[:], "i_am_random_____i_am_random_____")
}

// recorded is one randomness entry of a vector: "on" is [kind, dst, epoch, entropy] for a
// drawn value (network version 15) or [kind, epoch] for an epoch's base (16 on).
type recorded struct {
	On  []json.RawMessage `json:"on"`
	Ret []byte            `json:"ret"`
}

// rule is a parsed "on".
type rule struct {
	kind    string
	dst     int64
	epoch   int64
	entropy []byte
	drawn   bool
}

func (r recorded) rule() (rule, error) {
	var parsed rule
	switch len(r.On) {
	case 4:
		parsed.drawn = true
		if err := json.Unmarshal(r.On[1], &parsed.dst); err != nil {
			return parsed, err
		}
		if err := json.Unmarshal(r.On[2], &parsed.epoch); err != nil {
			return parsed, err
		}
		if err := json.Unmarshal(r.On[3], &parsed.entropy); err != nil {
			return parsed, err
		}
	case 2:
		if err := json.Unmarshal(r.On[1], &parsed.epoch); err != nil {
			return parsed, err
		}
	default:
		return parsed, fmt.Errorf("randomness rule with %d fields", len(r.On))
	}
	return parsed, json.Unmarshal(r.On[0], &parsed.kind)
}

// replayExterns answers randomness from a vector's recording, as the conformance runner does
// (conformance/src/randomness.rs): drawn values matched exactly at network version 15; from 16
// on, the value drawn from the epoch's recorded base. No consensus fault, no tipset CIDs.
type replayExterns struct {
	NoChainAccess
	recorded []recorded
	fromBase bool
	calls    int64
}

func (e *replayExterns) draw(kind string, dst, epoch int64, entropy []byte) ([RandomnessLength]byte, error) {
	atomic.AddInt64(&e.calls, 1)
	if e.fromBase {
		base := fallbackRandomness
		for _, entry := range e.recorded {
			r, err := entry.rule()
			if err != nil {
				return base, err
			}
			if !r.drawn && r.kind == kind && r.epoch == epoch && len(entry.Ret) == RandomnessLength {
				copy(base[:], entry.Ret)
				break
			}
		}
		return DrawRandomness(dst, base, epoch, entropy)
	}
	for _, entry := range e.recorded {
		r, err := entry.rule()
		if err != nil {
			return fallbackRandomness, err
		}
		if r.drawn && r.kind == kind && r.dst == dst && r.epoch == epoch && bytes.Equal(r.entropy, entropy) && len(entry.Ret) == RandomnessLength {
			var value [RandomnessLength]byte
			copy(value[:], entry.Ret)
			return value, nil
		}
	}
	return fallbackRandomness, nil
}

func (e *replayExterns) ChainRandomness(dst, epoch int64, entropy []byte) ([RandomnessLength]byte, error) {
	return e.draw("chain", dst, epoch, entropy)
}

func (e *replayExterns) BeaconRandomness(dst, epoch int64, entropy []byte) ([RandomnessLength]byte, error) {
	return e.draw("beacon", dst, epoch, entropy)
}
