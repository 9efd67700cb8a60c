package fvmi

import (
	"fmt"
	"math"
)

// Receipt is the result of applying a message, as recorded on chain.
type Receipt struct {
	// ExitCode is 0 for success.
	ExitCode uint32
	// Return is the return value (empty when there is none).
	Return []byte
	// GasUsed is the gas the message used.
	GasUsed int64
	// EventsRoot is the root of the message's events (network version 18 on; nil when it
	// emitted none, and always nil before 18).
	EventsRoot CID
}

// DecodeReceipt decodes the C ABI's receipt: [exit_code, return, gas_used] at network versions
// 15 to 17, [exit_code, return, gas_used, events_root or null] at 18.
func DecodeReceipt(data []byte) (*Receipt, error) {
	r := cborReader{data: data}
	n, err := r.expect(majorArray)
	if err != nil {
		return nil, fmt.Errorf("fvmi: receipt: %w", err)
	}
	if n != 3 && n != 4 {
		return nil, fmt.Errorf("fvmi: receipt: %d fields, want 3 or 4", n)
	}
	exit, err := r.int64()
	if err != nil || exit < 0 || exit > math.MaxUint32 {
		return nil, fmt.Errorf("fvmi: receipt exit code: %v", err)
	}
	ret, err := r.bytes()
	if err != nil {
		return nil, fmt.Errorf("fvmi: receipt return: %w", err)
	}
	gas, err := r.int64()
	if err != nil {
		return nil, fmt.Errorf("fvmi: receipt gas: %w", err)
	}
	receipt := &Receipt{ExitCode: uint32(exit), Return: ret, GasUsed: gas}
	if n == 4 {
		if receipt.EventsRoot, err = r.optionalLink(); err != nil {
			return nil, fmt.Errorf("fvmi: receipt events root: %w", err)
		}
	}
	if err := r.end(); err != nil {
		return nil, fmt.Errorf("fvmi: receipt: %w", err)
	}
	return receipt, nil
}
