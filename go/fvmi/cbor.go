package fvmi

import (
	"errors"
	"fmt"
	"math"
)

// cborReader decodes the few DAG-CBOR shapes the C ABI returns: arrays, integers, byte strings,
// CID links (tag 42) and null. Indefinite lengths are refused, as DAG-CBOR does.
type cborReader struct {
	data []byte
	pos  int
}

const (
	majorUnsigned = 0
	majorNegative = 1
	majorBytes    = 2
	majorArray    = 4
	majorTag      = 6
	majorSimple   = 7
	simpleNull    = 22
	tagCID        = 42
)

var errTruncated = errors.New("truncated CBOR")

// head reads an item's major type and argument.
func (r *cborReader) head() (byte, uint64, error) {
	if r.pos >= len(r.data) {
		return 0, 0, errTruncated
	}
	first := r.data[r.pos]
	r.pos++
	major, info := first>>5, first&0x1f
	if info < 24 {
		return major, uint64(info), nil
	}
	var width int
	switch info {
	case 24:
		width = 1
	case 25:
		width = 2
	case 26:
		width = 4
	case 27:
		width = 8
	default:
		return 0, 0, fmt.Errorf("unsupported CBOR additional info %d", info)
	}
	if r.pos+width > len(r.data) {
		return 0, 0, errTruncated
	}
	var arg uint64
	for _, b := range r.data[r.pos : r.pos+width] {
		arg = arg<<8 | uint64(b)
	}
	r.pos += width
	return major, arg, nil
}

func (r *cborReader) expect(want byte) (uint64, error) {
	major, arg, err := r.head()
	if err != nil {
		return 0, err
	}
	if major != want {
		return 0, fmt.Errorf("CBOR major type %d where %d was expected", major, want)
	}
	return arg, nil
}

func (r *cborReader) bytes() ([]byte, error) {
	n, err := r.expect(majorBytes)
	if err != nil {
		return nil, err
	}
	if n > uint64(len(r.data)-r.pos) {
		return nil, errTruncated
	}
	out := append([]byte{}, r.data[r.pos:r.pos+int(n)]...)
	r.pos += int(n)
	return out, nil
}

func (r *cborReader) int64() (int64, error) {
	major, arg, err := r.head()
	if err != nil {
		return 0, err
	}
	if arg > math.MaxInt64 {
		return 0, fmt.Errorf("CBOR integer %d out of range", arg)
	}
	switch major {
	case majorUnsigned:
		return int64(arg), nil
	case majorNegative:
		return -1 - int64(arg), nil
	}
	return 0, fmt.Errorf("CBOR major type %d where an integer was expected", major)
}

// link reads a CID link: tag 42 on a byte string holding a 0x00 prefix and the binary CID.
func (r *cborReader) link() (CID, error) {
	tag, err := r.expect(majorTag)
	if err != nil {
		return nil, err
	}
	if tag != tagCID {
		return nil, fmt.Errorf("CBOR tag %d where a CID link (42) was expected", tag)
	}
	raw, err := r.bytes()
	if err != nil {
		return nil, err
	}
	if len(raw) < 2 || raw[0] != 0 {
		return nil, errors.New("malformed CID link")
	}
	return CID(raw[1:]), nil
}

// optionalLink reads a CID link or null.
func (r *cborReader) optionalLink() (CID, error) {
	if r.pos < len(r.data) && r.data[r.pos] == majorSimple<<5|simpleNull {
		r.pos++
		return nil, nil
	}
	return r.link()
}

func (r *cborReader) end() error {
	if r.pos != len(r.data) {
		return fmt.Errorf("%d trailing bytes after the CBOR item", len(r.data)-r.pos)
	}
	return nil
}

// decodeCIDList decodes a DAG-CBOR array of CID links.
func decodeCIDList(data []byte) ([]CID, error) {
	r := cborReader{data: data}
	n, err := r.expect(majorArray)
	if err != nil {
		return nil, err
	}
	if n > uint64(len(data)) {
		return nil, errTruncated
	}
	cids := make([]CID, 0, n)
	for i := uint64(0); i < n; i++ {
		cid, err := r.link()
		if err != nil {
			return nil, err
		}
		cids = append(cids, cid)
	}
	return cids, r.end()
}
